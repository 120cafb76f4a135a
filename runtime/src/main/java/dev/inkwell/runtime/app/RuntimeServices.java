package dev.inkwell.runtime.app;

import dev.inkwell.runtime.cloud.Fetcher;
import dev.inkwell.runtime.engine.JsEngine;
import dev.inkwell.runtime.functions.FunctionLoader;
import dev.inkwell.runtime.metrics.RuntimeMetrics;
import io.netty.util.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

/**
 * Process-wide pieces every app shares: the JS engine, the loader, metrics, the deadline timer and the executors.
 *
 * @param reaper runs Context cancellations (a close that may wait for the runaway thread to stop)
 * @param blocking runs blocking work (app directory, functions' database and storage calls) off the event loops and
 *     the JS threads: virtual threads, so that many calls waiting on the database hold no platform thread
 * @param fetcher outbound HTTP for functions ({@code fetch})
 */
public record RuntimeServices(
    JsEngine engine,
    FunctionLoader loader,
    RuntimeMetrics metrics,
    Timer deadlines,
    ExecutorService reaper,
    ExecutorService blocking,
    Clock clock,
    int contextsPerApp,
    Duration callTimeout,
    Duration resync,
    Duration changePoll,
    Fetcher fetcher) {
}

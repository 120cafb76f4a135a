package dev.inkwell.runtime.app;

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
 * @param blocking runs blocking lookups (app directory, database) off the event loops
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
    Duration changePoll) {
}

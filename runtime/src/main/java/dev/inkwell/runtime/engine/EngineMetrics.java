package dev.inkwell.runtime.engine;

/** What the engine reports about its Contexts; implemented by the runtime's metrics. */
public interface EngineMetrics {

  void contextCreated(long nanos);

  void contextReplaced();
}

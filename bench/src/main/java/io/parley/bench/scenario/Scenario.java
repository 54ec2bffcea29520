package io.parley.bench.scenario;

import java.util.Map;

/** One kind of load: sets up its users and connections, drives the load, fills the report. */
public interface Scenario {
  String name();

  /** The scenario's own parameters, for the report. */
  Map<String, Object> parameters();

  /** Runs the scenario; throws {@link ScenarioException} when it cannot be carried out. */
  void run(BenchContext ctx) throws Exception;
}

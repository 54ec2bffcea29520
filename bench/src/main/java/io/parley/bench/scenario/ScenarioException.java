package io.parley.bench.scenario;

/** The scenario cannot be carried out (the server lacks a feature, connections fail...). */
public final class ScenarioException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ScenarioException(String message) {
    super(message);
  }
}

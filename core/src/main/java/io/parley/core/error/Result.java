package io.parley.core.error;

import java.util.function.Function;

/** A value or the problem that prevented it. */
public sealed interface Result<T> {

  static <T> Result<T> ok(T value) {
    return new Ok<>(value);
  }

  static <T> Result<T> failed(Problem problem) {
    return new Failed<>(problem);
  }

  default <R> Result<R> map(Function<T, R> mapper) {
    return this instanceof Ok<T> ok ? new Ok<>(mapper.apply(ok.value())) : Result.failed(((Failed<T>) this).problem());
  }

  record Ok<T>(T value) implements Result<T> {}

  record Failed<T>(Problem problem) implements Result<T> {}
}

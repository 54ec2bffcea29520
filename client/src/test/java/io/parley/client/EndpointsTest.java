package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointsTest {

  private static final URI A = URI.create("http://10.0.0.1:8080/chat/");
  private static final URI B = URI.create("http://10.0.0.2:8080");

  @Test
  void theCurrentServerMovesOnlyWhenTheCurrentOneFailsAndWrapsAround() {
    Endpoints endpoints = new Endpoints(List.of(A, B));
    Endpoints.Endpoint a = endpoints.current();
    assertThat(a).isEqualTo(new Endpoints.Endpoint("10.0.0.1", 8080, false, "/chat"));

    endpoints.failed(a);
    Endpoints.Endpoint b = endpoints.current();
    assertThat(b.host()).isEqualTo("10.0.0.2");

    endpoints.failed(a); // a second report of the old failure does not move again
    assertThat(endpoints.current()).isEqualTo(b);

    endpoints.failed(b);
    assertThat(endpoints.current()).isEqualTo(a);
  }

  @Test
  void oneServerNeverMoves() {
    Endpoints endpoints = new Endpoints(List.of(B));
    endpoints.failed(endpoints.current());
    assertThat(endpoints.current().host()).isEqualTo("10.0.0.2");
  }

  @Test
  void fallbacksMustBeServerUrisOfTheSameScheme() {
    ParleyClientOptions options = new ParleyClientOptions().baseUri(B.toString());
    assertThat(options.fallbackUris("http://10.0.0.3:8080").endpoints())
        .containsExactly(B, URI.create("http://10.0.0.3:8080"));
    assertThatThrownBy(() -> options.fallbackUris("https://10.0.0.3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http");
    assertThatThrownBy(() -> options.fallbackUris("ws://10.0.0.3"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> options.baseUri("https://10.0.0.1"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package dev.inkwell.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class DispatcherTest {

  private final Dispatcher multi = new Dispatcher(null, null, "apps.example.com", null);

  @Test
  void appidIsTheFirstLabelUnderTheDomain() {
    assertEquals("abc123", multi.appidOf("abc123.apps.example.com"));
    assertEquals("abc123", multi.appidOf("ABC123.Apps.Example.com:8080"));
  }

  @Test
  void otherHostsHaveNoApp() {
    assertNull(multi.appidOf("apps.example.com"));
    assertNull(multi.appidOf("a.b.apps.example.com"));
    assertNull(multi.appidOf("abc123.evil.com"));
    assertNull(multi.appidOf("abc123.apps.example.com.evil.com"));
    assertNull(multi.appidOf(null));
  }
}

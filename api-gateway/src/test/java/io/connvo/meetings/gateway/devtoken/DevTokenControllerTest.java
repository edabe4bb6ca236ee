package io.connvo.meetings.gateway.devtoken;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** Only direct loopback requests may mint tokens (the HTTP test can only reach the server over loopback). */
class DevTokenControllerTest {

    @Test
    void loopbackAddressesAreLocal() {
        assertThat(DevTokenController.isDirectLoopback(from("127.0.0.1"))).isTrue();
        assertThat(DevTokenController.isDirectLoopback(from("0:0:0:0:0:0:0:1"))).isTrue();
    }

    @Test
    void otherAddressesAreNot() {
        assertThat(DevTokenController.isDirectLoopback(from("10.1.2.3"))).isFalse();
        assertThat(DevTokenController.isDirectLoopback(from("192.168.0.7"))).isFalse();
        assertThat(DevTokenController.isDirectLoopback(from("2001:db8::1"))).isFalse();
    }

    @Test
    void aForwardedRequestIsNotLocalEvenFromLoopback() {
        MockHttpServletRequest viaProxy = from("127.0.0.1");
        viaProxy.addHeader("X-Forwarded-For", "203.0.113.9");

        assertThat(DevTokenController.isDirectLoopback(viaProxy)).isFalse();
    }

    private static MockHttpServletRequest from(String address) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/dev/tokens");
        request.setRemoteAddr(address);
        return request;
    }
}

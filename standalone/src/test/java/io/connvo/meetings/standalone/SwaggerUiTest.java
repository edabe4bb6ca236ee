package io.connvo.meetings.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.testsupport.TestHttp.Reply;
import org.junit.jupiter.api.Test;

/** Swagger UI in the standalone process: the page and its configuration without a token, over our OpenAPI document. */
class SwaggerUiTest extends StandaloneHttpTest {

    @Test
    void swaggerUiServesTheOpenApiDocument() {
        Reply entry = get("/swagger-ui.html", null);
        assertThat(entry.status()).isEqualTo(302);
        assertThat(entry.headers().firstValue("Location").orElse("")).endsWith("/swagger-ui/index.html");

        Reply page = get("/swagger-ui/index.html", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui");

        Reply config = get("/v3/api-docs/swagger-config", null);
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.json().path("url").asString()).isEqualTo("/v3/api-docs");
        assertThat(get("/v3/api-docs", null).json().path("paths").has("/api/run/meetings/stream/index/startRecording")).isTrue();
    }
}

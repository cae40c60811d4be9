package org.irisimaging.identity.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FormTest {

    @Test
    void decodesWhatBrowsersAndOAuthClientsSend() {
        Form form = Form.parse("grant_type=client_credentials&scope=openid+profile&name=%C3%A9l%C3%A8ve&name=b&flag&=x&&e=");
        assertThat(form.first("grant_type")).isEqualTo("client_credentials");
        assertThat(form.first("scope")).isEqualTo("openid profile");
        assertThat(form.parameters().get("name")).isEqualTo(List.of("élève", "b"));
        assertThat(form.first("flag")).isEmpty();
        assertThat(form.first("e")).isEmpty();
        assertThat(form.first("")).isEqualTo("x");
        // Raw UTF-8 bytes (curl -d without encoding) are accepted as UTF-8.
        assertThat(Form.parse("n=é".getBytes(StandardCharsets.UTF_8)).first("n")).isEqualTo("é");
        assertThat(Form.parse((String) null).parameters()).isEmpty();
    }

    @Test
    void refusesWhatIsNotAWellFormedForm() {
        for (String bad : List.of("a=%", "a=%2", "a=%zz", "a=%e9", "a=%C3%28", "a=%ED%A0%80", "a=%00", "a=%1B", "a=%7F",
                "a=%C2%85", "%zz=1")) {
            assertThatThrownBy(() -> Form.parse(bad)).as(bad).isInstanceOf(MalformedInput.class);
        }
        // Latin-1 bytes on the wire are not UTF-8.
        assertThatThrownBy(() -> Form.parse("n=\u00e9".getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOf(MalformedInput.class);
        assertThatThrownBy(() -> Form.parse("a=1&".repeat(Form.MAX_PARAMETERS + 1)))
                .isInstanceOf(MalformedInput.class);
        // Tab and line breaks are text (a textarea), not control characters to refuse.
        assertThat(Form.parse("t=a%09b%0D%0Ac").first("t")).isEqualTo("a\tb\r\nc");
    }

    @Test
    void basicCredentialsAreFormEncodedIdAndSecret() {
        assertThat(BasicCredentials.parse(null)).isEmpty();
        assertThat(BasicCredentials.parse("Bearer abc")).isEmpty();
        BasicCredentials c = BasicCredentials.parse(basic("my%20client:s%3Acret+x")).orElseThrow();
        assertThat(c.id()).isEqualTo("my client");
        assertThat(c.secret()).isEqualTo("s:cret x");
        assertThat(BasicCredentials.parse("basic " + Base64.getEncoder().encodeToString("a:".getBytes(StandardCharsets.UTF_8)))
                .orElseThrow().secret()).isEmpty();
        for (String bad : List.of("Basic %%%", basic("no-colon"), basic("a%zz:b"), basic("a:b%00"))) {
            assertThatThrownBy(() -> BasicCredentials.parse(bad)).as(bad).isInstanceOf(MalformedInput.class);
        }
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}

package org.irisimaging.gateway.web;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.TestTokenIssuerResource;
import org.irisimaging.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OHIF viewer at /viewer/ as a browser fetches it, without a token: its page for every route of
 * the single-page application, its files with the right types, the security headers and caching,
 * compression; and the path tricks that must not reach anything else.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
class ViewerRoutesTest {

    @TestHTTPResource("/")
    URL root;

    @Test
    void theViewersPageIsPublicWithItsSecurityHeaders() {
        Response page = given().get("/viewer/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.asString()).contains("<div id=\"root\">", "src=\"/viewer/iris-boot.js\"", "/viewer/app-config.js")
                .doesNotContain("window.PUBLIC_URL=\"/\"", "init-service-worker");
        assertSecurityHeaders(page);
        assertThat(page.header("Cache-Control")).isEqualTo(ViewerRoutes.REVALIDATE);
    }

    @Test
    void everyRouteOfTheApplicationIsAnsweredWithItsPage() {
        String index = given().get("/viewer/").asString();
        for (String route : new String[] {"/viewer/viewer?StudyInstanceUIDs=1.2.840.113619.2.55.3",
                "/viewer/callback?code=abc&state=def", "/viewer/viewer/dicomweb", "/viewer/logout"}) {
            Response page = given().urlEncodingEnabled(false).get(route);
            assertThat(page.statusCode()).as(route).isEqualTo(200);
            assertThat(page.asString()).as(route).isEqualTo(index);
            assertSecurityHeaders(page);
        }
        Response head = given().head("/viewer/callback");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo(String.valueOf(index.getBytes(StandardCharsets.UTF_8).length));
    }

    @Test
    void viewerWithoutTheSlashIsSentToIt() {
        Response answer = given().redirects().follow(false).get("/viewer?StudyInstanceUIDs=1.2.3");
        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.header("Location")).isEqualTo("/viewer/?StudyInstanceUIDs=1.2.3");
    }

    @Test
    void irisConfigurationIsServedAndRevalidated() {
        Response config = given().get("/viewer/app-config.js");
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.contentType()).contains("javascript");
        assertThat(config.asString()).contains("routerBasename: '/viewer'", "client_id: 'iris-viewer'",
                "qidoRoot: window.location.origin", "response_type: 'code'");
        assertThat(config.header("Cache-Control")).isEqualTo(ViewerRoutes.REVALIDATE);
        assertSecurityHeaders(config);
    }

    @Test
    void hashedBundlesAreImmutableAndCompressed() {
        String bundle = find(given().get("/viewer/").asString(), "src=\"(/viewer/app\\.bundle\\.[0-9a-f]{16}\\.js)\"");
        Response js = given().header("Accept-Encoding", "gzip").get(bundle);
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.contentType()).contains("javascript");
        assertThat(js.header("Cache-Control")).isEqualTo(ViewerRoutes.IMMUTABLE);
        assertThat(js.header("Content-Encoding")).isEqualTo("gzip");
        // rebased at build time: webpack loads its chunks and workers from /viewer/
        assertThat(js.asString()).contains("__webpack_require__.p = \"/viewer/\";")
                .doesNotContain("__webpack_require__.p = \"/\";");
        assertSecurityHeaders(js);
    }

    @Test
    void webAssemblyCodecsAreServedAsWasm() {
        // the JPEG 2000 / JPEG-LS / HTJ2K codecs are top-level <hash>.wasm files
        String chunkName = find(given().get("/viewer/").asString(), "src=\"(/viewer/app\\.bundle\\.[0-9a-f]{16}\\.js)\"");
        String bundle = given().get(chunkName).asString();
        String wasm = find(bundle, "\"([0-9a-f]{16}\\.wasm)\"");
        Response codec = given().header("Accept-Encoding", "gzip").get("/viewer/" + wasm);
        assertThat(codec.statusCode()).as(wasm).isEqualTo(200);
        assertThat(codec.contentType()).isEqualTo("application/wasm");
        assertThat(codec.header("Cache-Control")).isEqualTo(ViewerRoutes.IMMUTABLE);
        assertThat(codec.header("Content-Encoding")).isEqualTo("gzip");
    }

    @Test
    void whatWasLeftOutIsAbsentNotThePage() {
        for (String path : new String[] {"/viewer/ort/ort.min.js", "/viewer/sw.js", "/viewer/init-service-worker.js",
                "/viewer/silent-refresh.html", "/viewer/missing.js", "/viewer/app-config.js.map"}) {
            Response answer = given().get(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(404);
            assertThat(answer.asString()).as(path).doesNotContain("<div id=\"root\">");
            assertThat(answer.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
        }
    }

    @Test
    void onlyGetAndHead() {
        assertThat(given().post("/viewer/callback").statusCode()).isEqualTo(405);
        assertThat(given().delete("/viewer/index.html").statusCode()).isEqualTo(405);
    }

    @Test
    void pathTricksReachNothingElse() throws IOException {
        // dot segments resolve to the path they name, which is then as protected as ever (401 without a token)
        for (String path : new String[] {"/viewer/../studies", "/viewer/%2e%2e/studies", "/viewer/%2E%2E/api/exports",
                "/viewer/.%2e/.%2e/application.properties"}) {
            String answer = rawGet(path);
            assertThat(answer).as(path).startsWith("HTTP/1.1 401");
        }
        // encoded separators, double encoding, backslashes, empty segments: absent, whatever they name (a raw
        // backslash does not even parse as a request line: 400)
        for (String path : new String[] {"/viewer/..%2fapplication.properties", "/viewer/%2e%2e%2f%2e%2e%2fpom.xml",
                "/viewer/..%5c..%5capplication.properties", "/viewer/%252e%252e/%252e%252e/application.properties",
                "/viewer//etc/passwd", "/viewer/..\\application.properties",
                "/viewer/%00index.html", "/viewer/assets/..%2f..%2fMETA-INF%2fMANIFEST.MF", "/viewer/.well-known/x"}) {
            String answer = rawGet(path);
            assertThat(answer).as(path).matches("(?s)HTTP/1\\.1 (404|400) .*").doesNotContain("quarkus.", "<div id=\"root\">",
                    "Manifest-Version");
        }
    }

    @Test
    void theDataStillNeedsAToken() {
        assertThat(given().get("/studies").statusCode()).isEqualTo(401);
        // and DICOM answers are not compressed by the viewer's settings (binary, already streamed)
        Response qido = given().auth().oauth2(TestTokens.issue("admin-1", "platform-admin"))
                .header("Accept-Encoding", "gzip").get("/studies");
        assertThat(qido.statusCode()).isIn(200, 204);
        assertThat(qido.header("Content-Encoding")).isNull();
    }

    private static void assertSecurityHeaders(Response answer) {
        assertThat(answer.header("Content-Security-Policy")).isEqualTo(ViewerRoutes.CONTENT_SECURITY_POLICY)
                .contains("frame-ancestors 'self'", "script-src 'self' 'wasm-unsafe-eval'")
                .doesNotContain("'unsafe-eval'", "'unsafe-inline'; script", "*", "http:", "https:");
        assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(answer.header("Referrer-Policy")).isEqualTo("no-referrer");
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex).isTrue();
        return m.group(1);
    }

    /** The request line exactly as written: no client normalises or re-encodes it. */
    private String rawGet(String path) throws IOException {
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + root.getHost() + ":" + root.getPort()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}

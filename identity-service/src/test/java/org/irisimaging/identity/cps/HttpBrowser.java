package org.irisimaging.identity.cps;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A browser across origins (identity-service and the upstream provider): keeps each site's cookies,
 * follows redirects one by one so that a test can stop at any of them.
 */
final class HttpBrowser {

    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient client = HttpClient.newBuilder().cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

    HttpResponse<String> get(URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).header("Accept-Language", "fr").timeout(Duration.ofSeconds(30))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(URI uri, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return client.send(HttpRequest.newBuilder(uri).header("Accept-Language", "fr")
                .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Follows redirects from {@code response} until one is not a redirect or its target matches {@code stop}. */
    HttpResponse<String> follow(HttpResponse<String> response, Predicate<URI> stop) throws Exception {
        HttpResponse<String> current = response;
        for (int hops = 0; hops < 20 && isRedirect(current); hops++) {
            URI next = location(current);
            if (stop.test(next)) {
                return current;
            }
            current = get(next);
        }
        return current;
    }

    static boolean isRedirect(HttpResponse<String> response) {
        return response.statusCode() / 100 == 3 && response.headers().firstValue("Location").isPresent();
    }

    /** The absolute target of a redirect. */
    static URI location(HttpResponse<String> response) {
        return response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
    }

    /** The value of cookie {@code name} for {@code site}. */
    String cookie(URI site, String name) {
        return cookies.getCookieStore().get(site).stream().filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue).findFirst().orElse(null);
    }
}

package dev.cadenza.server;

import java.util.List;
import java.util.Set;

/**
 * Which other web origins may call the service from a browser (CORS). Off by default: a page served from elsewhere
 * cannot read our answers unless the operator names its origin ({@code --cors-origin https://app.example}) or allows
 * every origin ({@code --cors-origin '*'}). Credentials (cookies, HTTP authentication) are never allowed: the service
 * has none to protect, and a wildcard with credentials is what browsers refuse anyway.
 *
 * @param origins the allowed origins exactly as browsers send them (scheme://host[:port]), or {@code *} alone
 */
public record CorsPolicy(Set<String> origins) {
    public static final CorsPolicy OFF = new CorsPolicy(Set.of());

    public CorsPolicy {
        origins = Set.copyOf(origins);
        for (String o : origins) {
            if (!o.equals("*") && !o.matches("https?://[A-Za-z0-9.\\-\\[\\]:]+")) {
                throw new IllegalArgumentException("--cors-origin: '" + o + "' is not an origin (scheme://host[:port], "
                        + "no path, e.g. https://app.example or http://localhost:3000) nor '*'");
            }
        }
    }

    public static CorsPolicy of(List<String> origins) {
        return origins == null ? OFF : new CorsPolicy(Set.copyOf(origins));
    }

    boolean off() {
        return origins.isEmpty();
    }

    boolean anyOrigin() {
        return origins.contains("*");
    }

    boolean allows(String origin) {
        return anyOrigin() || origins.contains(origin);
    }

    String describe() {
        return off() ? "off" : String.join(", ", new java.util.TreeSet<>(origins));
    }
}

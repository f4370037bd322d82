package dev.fleetdeck.config;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Redis URIs as lettuce reads them, and how to show one without its password. */
public final class RedisUris {

    /** The schemes lettuce understands: plain, TLS, Unix socket, and Sentinel with and without TLS. */
    public static final List<String> SCHEMES =
            List.of("redis", "rediss", "redis-socket", "redis-sentinel", "rediss-sentinel");

    // userinfo is everything between "scheme://" and the last '@' before the path
    private static final Pattern USERINFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)([^/?#]*)@");

    private RedisUris() {}

    /**
     * The URI with any password replaced by {@code ***}: {@code redis://:secret@h:6379} becomes
     * {@code redis://:***@h:6379}, {@code redis://user:secret@h} becomes {@code redis://user:***@h}.
     * A user without a password is kept; lettuce also reads a lone userinfo as the password
     * ({@code redis://secret@h}), so that is hidden too.
     */
    public static String redact(String uri) {
        if (uri == null) {
            return null;
        }
        var m = USERINFO.matcher(uri);
        if (!m.find()) {
            // lettuce also takes ?password=...; hide it too
            return uri.replaceAll("(?i)(password=)[^&#]*", "$1***");
        }
        String userInfo = m.group(2);
        int colon = userInfo.indexOf(':');
        String shown = colon >= 0 ? userInfo.substring(0, colon) + ":***" : "***";
        return (m.group(1) + shown + "@" + uri.substring(m.end())).replaceAll("(?i)(password=)[^&#]*", "$1***");
    }

    static boolean knownScheme(String uri) {
        int colon = uri.indexOf("://");
        return colon > 0 && SCHEMES.contains(uri.substring(0, colon).toLowerCase(Locale.ROOT));
    }
}

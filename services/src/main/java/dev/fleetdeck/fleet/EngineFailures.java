package dev.fleetdeck.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.DockerException;
import dev.fleetdeck.fleet.AgentEngine.EngineException;
import java.io.FileNotFoundException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Turns whatever went wrong talking to one agent into an {@link EngineException} whose message is
 * one line naming the agent and the cause, e.g. {@code agent2: no answer within 3 s
 * (unix:///run/docker.sock)}. Operators read these in the fleet view, so they carry no stack
 * noise and no secrets (user info in a host URI is dropped).
 */
final class EngineFailures {

    // Docker's answer when plain HTTP reaches a --tlsverify port.
    private static final String PLAIN_TO_TLS = "Client sent an HTTP request to an HTTPS server";

    private final String agent;
    private final String host;
    private final ObjectMapper mapper;
    private final Path tlsDir;

    EngineFailures(String agent, URI host, ObjectMapper mapper) {
        this(agent, host, mapper, null);
    }

    /** @param tlsDir the agent's folder of client certificates, or null when it has none */
    EngineFailures(String agent, URI host, ObjectMapper mapper, Path tlsDir) {
        this.agent = agent;
        this.host = safe(host);
        this.mapper = mapper;
        this.tlsDir = tlsDir;
    }

    EngineException timeout(Duration limit) {
        return new EngineException(agent + ": no answer within " + human(limit) + " (" + host + ")");
    }

    EngineException message(String what) {
        if (what != null && what.contains(PLAIN_TO_TLS)) {
            return plainToTls();
        }
        return new EngineException(agent + ": " + oneLine(what));
    }

    private EngineException plainToTls() {
        return new EngineException(agent + ": the engine at " + host + " speaks TLS and wants a client certificate,"
                + " but this agent has no tls: folder — add tls: <folder with ca.pem cert.pem key.pem> to agent "
                + agent);
    }

    /**
     * An HTTP answer that is not what the Docker API gives: a web page (the address is a web server
     * or a proxy's login page, not an engine), or an error status, said with the engine's own
     * message ({@code {"message": …}}) rather than the raw body.
     *
     * @param call what was asked, e.g. "ping" or "stats of abc"
     */
    EngineException http(String call, int status, String body) {
        if (body != null && body.contains(PLAIN_TO_TLS)) {
            return plainToTls();
        }
        if (looksLikeHtml(body)) {
            return notDocker("answers HTML");
        }
        String own = oneLine(daemonMessage(body));
        if (status == 200) {
            return notDocker(
                    "answers " + call + " with \"" + (own.length() > 40 ? own.substring(0, 37) + "..." : own) + "\"");
        }
        String reason = reason(status);
        if (status == 404 && "ping".equals(call)) {
            return notDocker("answers HTTP 404 Not Found to /_ping");
        }
        return new EngineException(agent + ": the engine refused " + call + " with HTTP " + status + reason
                + (own.isEmpty() ? "" : ": " + own));
    }

    private EngineException notDocker(String what) {
        return notDocker(what, null);
    }

    private EngineException notDocker(String what, Throwable cause) {
        return new EngineException(
                agent + ": " + host + " " + what + ", not the Docker API — is the address right?", cause);
    }

    /** A body that starts like a web page (after any whitespace), whatever its content type. */
    static boolean looksLikeHtml(String body) {
        if (body == null) {
            return false;
        }
        String start = body.stripLeading().toLowerCase(Locale.ROOT);
        return start.startsWith("<!doctype html")
                || start.startsWith("<html")
                || start.startsWith("<?xml")
                || start.startsWith("<head")
                || start.startsWith("<body");
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> " Bad Request";
            case 401 -> " Unauthorized";
            case 403 -> " Forbidden";
            case 404 -> " Not Found";
            case 409 -> " Conflict";
            case 500 -> " Internal Server Error";
            case 502 -> " Bad Gateway";
            case 503 -> " Service Unavailable";
            default -> "";
        };
    }

    EngineException message(String what, Throwable cause) {
        return new EngineException(agent + ": " + oneLine(what), cause);
    }

    EngineException interrupted() {
        return new EngineException(agent + ": interrupted while waiting for " + host);
    }

    EngineException of(Throwable failure) {
        if (failure instanceof EngineException engine) {
            return engine;
        }
        if (failure instanceof DockerException docker) {
            if (docker.getMessage() != null && docker.getMessage().contains(PLAIN_TO_TLS)) {
                return plainToTls();
            }
            if (looksLikeHtml(daemonMessage(docker.getMessage()))) {
                return notDocker("answers HTML");
            }
            return new EngineException(
                    agent + ": HTTP " + docker.getHttpStatus() + ": " + oneLine(daemonMessage(docker.getMessage())),
                    failure);
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return new EngineException(agent + ": no answer in time (" + host + ")", failure);
            }
            if (t instanceof ConnectException
                    || t instanceof NoSuchFileException
                    || t instanceof FileNotFoundException
                    || t instanceof UnknownHostException) {
                return new EngineException(
                        agent + ": cannot connect to " + host + " (" + oneLine(describe(t)) + ")", failure);
            }
            if (t instanceof SocketException socket) {
                // The JDK's unix-socket connect reports a missing or refused socket this way.
                String why = describe(socket);
                boolean neverConnected =
                        why.contains("No such file") || why.contains("refused") || why.contains("Permission denied");
                if (tlsDir != null && (why.contains("Broken pipe") || why.contains("Connection reset"))) {
                    // With TLS 1.3 the client's handshake is done before the engine checks its
                    // certificate; a refusal then arrives as a closed connection, not as an alert.
                    return new EngineException(
                            agent + ": the engine at " + host + " closed the TLS connection ("
                                    + oneLine(why) + "), as it does when it refuses the client certificate "
                                    + tlsDir.resolve("cert.pem") + " — it must be signed by the CA the engine trusts"
                                    + " (dockerd --tlscacert)",
                            failure);
                }
                return new EngineException(
                        agent + (neverConnected ? ": cannot connect to " : ": connection to ") + host
                                + (neverConnected ? " (" : " failed (") + oneLine(why) + ")",
                        failure);
            }
            if (t instanceof SSLException) {
                return tls(t, failure);
            }
            if (t instanceof JsonProcessingException json) {
                // docker-java read a body that is not the API's JSON: a web page, most often.
                String why = json.getOriginalMessage() == null ? "" : json.getOriginalMessage();
                return notDocker(why.contains("'<'") ? "answers HTML" : "answers something that is not JSON", failure);
            }
            if (t instanceof InterruptedIOException || t instanceof InterruptedException) {
                return new EngineException(agent + ": call to " + host + " was cut off", failure);
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new EngineException(agent + ": " + oneLine(describe(root)) + " (" + host + ")", failure);
    }

    /**
     * The TLS failures an operator fixes in the agent's folder, said in those terms. Only the
     * JDK's own wording is matched; anything else keeps its message. Nothing here reads or shows
     * the content of a key or certificate.
     */
    private EngineException tls(Throwable t, Throwable failure) {
        String why = describe(t);
        String w = why.toLowerCase(Locale.ROOT);
        String folder = tlsDir == null ? "the agent's tls: folder" : tlsDir.toString();
        if (w.contains("pkix") || w.contains("unable to find valid certification path")) {
            return new EngineException(
                    agent + ": the engine's certificate at " + host + " is not signed by the CA in "
                            + (tlsDir == null ? "ca.pem" : tlsDir.resolve("ca.pem"))
                            + " — put the CA that signed the engine's"
                            + " certificate there as ca.pem",
                    failure);
        }
        if (w.contains("bad_certificate")
                || w.contains("certificate_unknown")
                || w.contains("certificate_required")
                || w.contains("unknown_ca")) {
            return new EngineException(
                    agent + ": the engine at " + host + " refused the client certificate "
                            + (tlsDir == null ? "cert.pem" : tlsDir.resolve("cert.pem")) + " (" + oneLine(why)
                            + ") — it must be"
                            + " signed by the CA the engine trusts (dockerd --tlscacert)",
                    failure);
        }
        if (w.contains("subject alternative name") || w.contains("no name matching")) {
            return new EngineException(
                    agent + ": the engine's certificate does not name " + host + " (" + oneLine(why)
                            + ") — reach the engine by a name its certificate holds",
                    failure);
        }
        return new EngineException(
                agent + ": TLS failed with " + host + " (" + oneLine(why) + "; client files in " + folder + ")",
                failure);
    }

    /** Docker answers errors as {@code {"message": "..."}}; docker-java prefixes the status. */
    String daemonMessage(String text) {
        if (text == null) {
            return "";
        }
        int brace = text.indexOf('{');
        if (brace >= 0) {
            try {
                JsonNode node = mapper.readTree(text.substring(brace));
                if (node != null && node.hasNonNull("message")) {
                    return node.get("message").asText();
                }
            } catch (Exception e) {
                // not JSON after all: keep the text as it is
            }
        }
        return text.replaceFirst("^Status \\d+: ", "");
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    static String oneLine(String text) {
        String line =
                text == null ? "" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
        return line.length() > 300 ? line.substring(0, 297) + "..." : line;
    }

    static String human(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + " s" : millis + " ms";
    }

    static String safe(URI host) {
        if (host == null) {
            return "no host";
        }
        if (host.getUserInfo() == null && host.getQuery() == null) {
            return host.toString();
        }
        try {
            return new URI(host.getScheme(), null, host.getHost(), host.getPort(), host.getPath(), null, null)
                    .toString();
        } catch (URISyntaxException e) {
            return host.getScheme() + "://" + host.getHost();
        }
    }
}

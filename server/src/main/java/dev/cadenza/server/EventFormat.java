package dev.cadenza.server;

/**
 * How a streaming answer frames its events: NDJSON (one JSON object a line, the default) or Server-Sent Events
 * ({@code Accept: text/event-stream}), which browsers' and many HTTP tools' SSE readers take as they are. The events
 * and their JSON are the same in both; SSE adds the event's kind as its {@code event:} field.
 */
enum EventFormat {
    NDJSON("application/x-ndjson"),
    SSE("text/event-stream");

    private final String contentType;

    EventFormat(String contentType) {
        this.contentType = contentType;
    }

    String contentType() {
        return contentType;
    }

    /** SSE when the client asks for it, else NDJSON. */
    static EventFormat of(String accept) {
        return GenerateEndpoint.accepts(accept, SSE.contentType) ? SSE : NDJSON;
    }

    /** Appends one event; {@code json} is one line of JSON (ours never hold a line break). */
    void append(StringBuilder out, String kind, String json) {
        if (this == SSE) {
            out.append("event: ").append(kind).append("\ndata: ").append(json).append("\n\n");
        } else {
            out.append(json).append('\n');
        }
    }
}

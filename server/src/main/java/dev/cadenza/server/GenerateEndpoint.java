package dev.cadenza.server;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.cadenza.runtime.codec.Tokenizer;
import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;
import dev.cadenza.server.ServerMetrics.Outcome;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /v1/generate}: validates the request, queues it (429 at once when the queue is full), then waits on
 * the request's own thread while the scheduler grows its pieces, and answers with JSON, MIDI bytes, or a stream of
 * NDJSON events. The waiting thread also enforces the deadline (504) and notices a client that went away; either
 * ends the job, and the scheduler frees its rows at its next step.
 */
final class GenerateEndpoint {
    static final String NDJSON = "application/x-ndjson";
    static final String MIDI = "audio/midi";
    /** How often a waiting request checks that its client is still there. */
    private static final long PROBE_MILLIS = 100;

    private final Scheduler scheduler;
    private final OrderReader reader;
    private final Tokenizer tokenizer;
    private final ServerMetrics metrics;
    private final ServeSettings settings;
    private final String modelName;
    private final String backend;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean draining;

    GenerateEndpoint(Scheduler scheduler, OrderReader reader, Tokenizer tokenizer, ServerMetrics metrics,
                     ServeSettings settings, String modelName, String backend) {
        this.scheduler = scheduler;
        this.reader = reader;
        this.tokenizer = tokenizer;
        this.metrics = metrics;
        this.settings = settings;
        this.modelName = modelName;
        this.backend = backend;
    }

    /** Requests queued or running whose answer is not complete. */
    int inFlight() {
        return inFlight.get();
    }

    void drain() {
        draining = true;
    }

    /** Answers a request whose body was read already (to see which model it names). */
    void handle(HttpServletRequest req, HttpServletResponse res, byte[] body) throws IOException, InterruptedException {
        long arrived = System.nanoTime();
        if (draining) throw new HttpProblem(503, "the server is shutting down; try another replica");
        EventFormat format = EventFormat.of(req.getHeader("Accept"));
        GenerationOrder order = reader.read(body, accepts(req.getHeader("Accept"), MIDI));
        Job job = new Job(order, arrived);
        inFlight.incrementAndGet();
        try {
            if (!scheduler.submit(job)) {
                if (draining) throw new HttpProblem(503, "the server is shutting down; try another replica");
                if (!scheduler.working()) {
                    String f = scheduler.failure();
                    throw new HttpProblem(503, "the server cannot generate: " + (f == null ? "its scheduler stopped"
                            : "its scheduler failed (" + f + ")") + "; try another replica");
                }
                throw new HttpProblem(429, "the queue is full (" + settings.queue() + " requests wait for "
                        + settings.maxBatch() + " rows); retry later", 1);
            }
            ConnectionProbe probe = new ConnectionProbe(req);
            if (order.stream() || format == EventFormat.SSE) {
                stream(res, job, probe, format);
                // Bytes of a pipelined request were swallowed after the stream's headers went out: end the connection
                // once the stream is complete, so the client resends instead of waiting for an answer that never comes.
                if (probe.mustClose() && !"close".equalsIgnoreCase(res.getHeader("Connection"))) {
                    res.getOutputStream().close();
                    probe.close();
                }
            } else {
                answer(res, job, probe);
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /**
     * A generate body is JSON, uncompressed: anything else would be read as garbage or ignored. Checked before the body
     * is read (415, the body left unread and the connection closed).
     */
    static void mediaType(HttpServletRequest req) {
        String encoding = req.getHeader("Content-Encoding");
        if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
            throw new HttpProblem(415, "Content-Encoding '" + OrderReader.firstLine(encoding) + "' is not taken; send the JSON body uncompressed").closing();
        }
        String type = req.getContentType();
        if (type == null) return; // curl -d without -H: taken as JSON, as the examples do
        String base = type.split(";")[0].trim();
        if (!base.equalsIgnoreCase("application/json") && !base.equalsIgnoreCase("application/x-www-form-urlencoded")) {
            throw new HttpProblem(415, "Content-Type '" + OrderReader.firstLine(base) + "' is not taken; send application/json").closing();
        }
    }

    /** Waits for the whole job, then answers JSON or MIDI. */
    private void answer(HttpServletResponse res, Job job, ConnectionProbe probe) throws IOException, InterruptedException {
        while (true) {
            Job.State s = job.await(waitMillis(job));
            if (s == Job.State.DONE) break;
            if (s == Job.State.FAILED) throw closingIf(probe, failed(job));
            if (expiredNow(job, s)) throw closingIf(probe, expired(job));
            if (probe.clientGone() && job.cancel()) {
                gone(job);
                return;
            }
        }
        List<PieceOutput> pieces = new ArrayList<>();
        for (int i = 0; i < job.order().count(); i++) pieces.add(PieceOutput.of(job, i, tokenizer));
        res.setStatus(200);
        // The probe swallowed a pipelined request's bytes: say so before the answer goes out (HttpProblem answers the
        // same way through the Routes).
        if (probe.mustClose()) res.setHeader("Connection", "close");
        if (job.order().midi()) {
            PieceOutput p = pieces.get(0);
            res.setContentType(MIDI);
            res.setHeader("Content-Disposition", "attachment; filename=\"" + p.name() + ".mid\"");
            res.setHeader("X-Cadenza-Notes", Integer.toString(p.piece().notes().size()));
            res.setHeader("X-Cadenza-Tokens", Integer.toString(p.tokens()));
            res.setHeader("X-Cadenza-Ended", Boolean.toString(p.ended()));
            res.setContentLength(p.midi().length);
            res.getOutputStream().write(p.midi());
        } else {
            Map<String, Object> m = summary(job);
            List<Map<String, Object>> list = new ArrayList<>();
            for (PieceOutput p : pieces) list.add(p.describe(true));
            m.put("pieces", list);
            byte[] bytes = json.writeValueAsBytes(m);
            res.setContentType("application/json");
            res.setContentLength(bytes.length);
            res.getOutputStream().write(bytes);
        }
        metrics.request(Outcome.OK, job.arrivedNanos());
    }

    /** Streams a note event per decoded note as the steps run, a piece event per finished piece, then done. */
    private void stream(HttpServletResponse res, Job job, ConnectionProbe probe, EventFormat format)
            throws IOException, InterruptedException {
        GenerationOrder order = job.order();
        int n = order.count();
        NoteStream[] notes = new NoteStream[n];
        boolean[] sent = new boolean[n];
        for (int i = 0; i < n; i++) notes[i] = new NoteStream(tokenizer, order.primer(i), order.tempoBpm(), order.pieceName(i));
        OutputStream out = null;
        boolean firstNote = true;
        long lastProbe = System.nanoTime();
        int signalsSeen = -1;
        boolean timeoutCounted = false;
        try {
            while (true) {
                // Until its first note is out the writer checks every PROBE_MILLIS; then it sleeps until the scheduler
                // wakes it (once per stream interval) and probes its client at that wake-up. Waking every 100 ms
                // besides cost the server's core a quarter of its time at 256 streams (docs/serving.md, "Where the
                // server's core goes").
                Job.State s = job.await(firstNote ? waitMillis(job) : streamWaitMillis(job));
                int signals = job.signalsSent();
                boolean news = signals != signalsSeen || s.ended();
                signalsSeen = signals;
                StringBuilder events = new StringBuilder();
                int piecesSent = 0;
                for (int i = 0; news && i < n; i++) {
                    boolean finished = job.pieceFinished(i); // read before the count: a finished piece's count is final
                    int produced = job.produced(i);
                    if (sent[i]) {
                        piecesSent++;
                        continue;
                    }
                    for (Note note : notes[i].next(job.tokens(i), produced, finished)) {
                        if (firstNote) {
                            metrics.firstNote(System.nanoTime() - job.arrivedNanos());
                            job.firstNoteSent();
                            firstNote = false;
                        }
                        format.append(events, "note", noteEvent(i, note));
                    }
                    if (finished) {
                        Map<String, Object> e = new LinkedHashMap<>();
                        e.put("event", "piece");
                        Piece whole = notes[i].finishedPiece();
                        e.putAll((whole != null ? PieceOutput.of(job, i, whole) : PieceOutput.of(job, i, tokenizer)).describe(true));
                        format.append(events, "piece", json.writeValueAsString(e));
                        sent[i] = true;
                        piecesSent++;
                    }
                }
                if (s == Job.State.DONE && piecesSent == n) {
                    Map<String, Object> done = summary(job);
                    done.put("event", "done");
                    format.append(events, "done", json.writeValueAsString(done));
                }
                if (events.length() > 0) {
                    if (out == null) {
                        if (probe.mustClose()) res.setHeader("Connection", "close");
                        out = commit(res, format);
                    }
                    out.write(events.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    out.flush();
                }
                if (s == Job.State.DONE && piecesSent == n) {
                    metrics.request(Outcome.OK, job.arrivedNanos());
                    return;
                }
                if (s == Job.State.FAILED) {
                    HttpProblem p = failed(job);
                    if (out == null) throw p;
                    metrics.request(Outcome.ERROR, job.arrivedNanos());
                    out.write(errorEvent(p, format));
                    out.flush();
                    return;
                }
                if (expiredNow(job, s)) {
                    HttpProblem p = expired(job);
                    if (out == null) throw p;
                    timeoutCounted = true;
                    metrics.request(Outcome.TIMEOUT, job.arrivedNanos());
                    out.write(errorEvent(p, format));
                    out.flush();
                    return;
                }
                long now = System.nanoTime();
                if (now - lastProbe >= PROBE_MILLIS * 1_000_000L) {
                    lastProbe = now;
                    if (probe.clientGone() && job.cancel()) {
                        gone(job);
                        return;
                    }
                }
            }
        } catch (IOException e) {
            // The client went away mid-stream: the write failed. A deadline the scheduler enforced while this thread
            // was stuck in that write is what ended the request.
            if (job.cancel()) {
                gone(job);
            } else if (job.state() == Job.State.EXPIRED && !timeoutCounted) {
                scheduler.withdraw(job);
                metrics.request(Outcome.TIMEOUT, job.arrivedNanos());
            }
        }
    }

    private static HttpProblem closingIf(ConnectionProbe probe, HttpProblem p) {
        return probe.mustClose() ? p.closing() : p;
    }

    private OutputStream commit(HttpServletResponse res, EventFormat format) throws IOException {
        res.setStatus(200);
        res.setContentType(format.contentType());
        res.setHeader("Cache-Control", "no-cache");
        return res.getOutputStream();
    }

    /** Whether the deadline ended the job: here, or already on the scheduler (whose check cannot be missed). */
    private static boolean expiredNow(Job job, Job.State seen) {
        return seen == Job.State.EXPIRED || System.nanoTime() >= job.deadlineNanos() && job.expire();
    }

    /**
     * A stream past its first note is woken by the scheduler once per stream interval; this timeout only bounds the
     * wait when no signal comes (a slow model call), so that the client is still probed.
     */
    private long streamWaitMillis(Job job) {
        long left = (job.deadlineNanos() - System.nanoTime() + 999_999) / 1_000_000;
        return Math.max(1, Math.min(2 * settings.streamInterval().toMillis(), left));
    }

    private long waitMillis(Job job) {
        long left = (job.deadlineNanos() - System.nanoTime() + 999_999) / 1_000_000;
        return Math.max(1, Math.min(PROBE_MILLIS, left));
    }

    /** The answer to a failed job; counted where it is sent. */
    private HttpProblem failed(Job job) {
        String reason = job.failure();
        if (reason != null && reason.startsWith("the server stopped")) return new HttpProblem(503, reason);
        return new HttpProblem(500, reason == null ? "generation failed" : reason);
    }

    private HttpProblem expired(Job job) {
        scheduler.withdraw(job);
        long made = 0;
        for (int i = 0; i < job.order().count(); i++) made += job.produced(i);
        String where = job.admittedNanos() == 0 ? "still queued" : made + " of at most " + job.order().tokens() + " tokens made";
        return new HttpProblem(504, "the deadline of " + job.order().deadline().toMillis() + " ms passed (" + where + ")");
    }

    private void gone(Job job) {
        // counted before the rows are handed back, so that anyone who sees the rows freed also sees the count
        metrics.request(Outcome.CANCELLED, job.arrivedNanos());
        scheduler.withdraw(job);
    }

    private Map<String, Object> summary(Job job) {
        GenerationOrder order = job.order();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", modelName);
        m.put("backend", backend);
        m.put("seed", order.seed());
        m.put("sampling", order.decoding().sampling().describe());
        m.put("decoding", order.decoding().describe());
        m.put("tempoBpm", order.tempoBpm());
        m.put("primer", order.describePrimers());
        m.put("replacements", order.primer(0).replacements());
        long admitted = job.admittedNanos();
        long finished = job.finishedNanos();
        m.put("queueMillis", admitted == 0 ? 0 : (admitted - job.arrivedNanos()) / 1_000_000.0);
        m.put("generateMillis", admitted == 0 || finished == 0 ? 0 : (finished - admitted) / 1_000_000.0);
        return m;
    }

    private String noteEvent(int piece, Note note) {
        return "{\"event\":\"note\",\"piece\":" + piece + ",\"onset\":" + note.onset() + ",\"duration\":"
                + note.duration() + ",\"pitch\":" + note.pitch() + ",\"velocity\":" + note.velocity() + "}";
    }

    private byte[] errorEvent(HttpProblem p, EventFormat format) throws IOException {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("event", "error");
        e.put("status", p.status());
        e.put("error", p.getMessage());
        StringBuilder s = new StringBuilder();
        format.append(s, "error", json.writeValueAsString(e));
        return s.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Whether an Accept header asks for {@code type} (exactly, ignoring parameters). */
    static boolean accepts(String accept, String type) {
        if (accept == null) return false;
        for (String part : accept.split(",")) {
            String t = part.split(";")[0].trim();
            if (t.equalsIgnoreCase(type)) return true;
        }
        return false;
    }
}

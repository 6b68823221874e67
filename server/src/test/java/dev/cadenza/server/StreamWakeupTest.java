package dev.cadenza.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.cadenza.runtime.generate.Primers;
import dev.cadenza.runtime.generate.Decoding;

/** When the scheduler wakes a streaming request's writer: every step until its first note is out, then once per --stream-interval. */
class StreamWakeupTest {
    private static final long MS = 1_000_000L;

    private static Job streamingJob() {
        GenerationOrder order = new GenerationOrder(1, Decoding.builder().maxTokens(100).seed(1).build(), 120, java.util.List.of(Primers.start()), "t", true, false,
                Duration.ofSeconds(10));
        return new Job(order, 0);
    }

    @Test
    void everyStepWakesTheWriterUntilItsFirstNoteIsOut() {
        Job job = streamingJob();
        long interval = 500 * MS;
        for (int i = 0; i < 3 * Job.FIRST_SIGNALS; i++) assertTrue(job.signalDue(i, interval), "step " + i);
        job.firstNoteSent();
        assertFalse(job.signalDue(3 * Job.FIRST_SIGNALS + 1, interval), "then once per interval");
    }

    @Test
    void theFirstStepsWakeTheWriterAtOnceThenOncePerInterval() {
        Job job = streamingJob();
        job.firstNoteSent();
        long interval = 500 * MS;
        long now = 1_000 * MS;
        for (int i = 0; i < Job.FIRST_SIGNALS; i++) assertTrue(job.signalDue(now + i, interval), "step " + i);
        long last = now + Job.FIRST_SIGNALS - 1;
        assertFalse(job.signalDue(last + 1 * MS, interval), "1 ms after the last wake-up");
        assertFalse(job.signalDue(last + 499 * MS, interval), "499 ms after");
        assertTrue(job.signalDue(last + 500 * MS, interval), "500 ms after");
        assertFalse(job.signalDue(last + 600 * MS, interval), "the interval counts from the latest wake-up");
        assertTrue(job.signalDue(last + 1_000 * MS, interval));
    }

    @Test
    void theIntervalIsCheckedAndDefaultsToHalfASecond() {
        ServeSettings d = ServeSettings.defaults(TestServer.MODEL);
        assertEquals(Duration.ofMillis(500), d.streamInterval());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.withStreamInterval(Duration.ofMillis(5)));
        assertTrue(e.getMessage().startsWith("--stream-interval must be 10..10000 ms"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.withStreamInterval(Duration.ofSeconds(11)));
    }
}

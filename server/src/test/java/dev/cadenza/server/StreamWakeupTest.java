package dev.cadenza.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.cadenza.runtime.generate.Primers;
import dev.cadenza.runtime.generate.Decoding;

/** When the scheduler wakes a streaming request's writer: every 10 ms until its first note is out, then once per --stream-interval. */
class StreamWakeupTest {
    private static final long MS = 1_000_000L;

    private static Job streamingJob() {
        GenerationOrder order = new GenerationOrder(1, Decoding.builder().maxTokens(100).seed(1).build(), 120, java.util.List.of(Primers.start()), "t", true, false,
                Duration.ofSeconds(10));
        return new Job(order, 0);
    }

    @Test
    void theFirstStepThenEveryTenMillisecondsWakeTheWriterUntilItsFirstNoteIsOut() {
        Job job = streamingJob();
        long interval = 500 * MS;
        long now = 1_000 * MS;
        assertTrue(job.signalDue(now, interval), "the first step");
        assertFalse(job.signalDue(now + 3 * MS, interval), "a step 3 ms later");
        assertTrue(job.signalDue(now + 10 * MS, interval), "10 ms after the last wake-up");
        for (int i = 2; i < 30; i++) assertTrue(job.signalDue(now + i * 10 * MS, interval), "wake-up " + i);
        job.firstNoteSent();
        long last = now + 290 * MS;
        assertFalse(job.signalDue(last + 10 * MS, interval), "then once per interval");
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

package dev.cadenza.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ThreadWaitPolicyTest {
    @Test
    void notesTwoThreadsWithTheDefaultPolicyOnly() {
        String note = ThreadWaitPolicy.note(2, Map.of("PATH", "/usr/bin")).orElseThrow();
        assertTrue(note.contains("--threads 2") && note.contains("OMP_WAIT_POLICY=PASSIVE"), note);
        // a user's own choice, even ACTIVE, is respected silently; one thread never waits for another
        assertEquals(Optional.empty(), ThreadWaitPolicy.note(2, Map.of("OMP_WAIT_POLICY", "ACTIVE")));
        assertEquals(Optional.empty(), ThreadWaitPolicy.note(2, Map.of("OMP_WAIT_POLICY", "PASSIVE")));
        assertEquals(Optional.empty(), ThreadWaitPolicy.note(1, Map.of()));
    }
}

package dev.cadenza.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CountedTest {
    @Test
    void oneIsSingularEverythingElsePlural() {
        assertEquals("1 epoch", Counted.of(1, "epoch"));
        assertEquals("0 epochs", Counted.of(0, "epoch"));
        assertEquals("6 clients", Counted.of(6, "client"));
    }
}

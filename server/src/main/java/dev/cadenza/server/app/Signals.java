package dev.cadenza.server.app;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT run a drain instead of the JVM's default exit. A shutdown hook would not do: the JVM's exit
 * status after SIGTERM is then 143, and an orchestrator reads that as a crash; after a clean drain we exit 0.
 */
final class Signals {
    private Signals() {
    }

    static void onTermination(Runnable action) {
        Runnable once = new Runnable() {
            private boolean ran;

            @Override
            public synchronized void run() {
                if (ran) return;
                ran = true;
                Thread t = new Thread(action, "cadenza-drain");
                t.start();
            }
        };
        Signal.handle(new Signal("TERM"), s -> once.run());
        Signal.handle(new Signal("INT"), s -> once.run());
    }
}

package org.omnikernel.hal;

/** The smallest loop a kernel runs on a core: mail, interrupts, timers, idle. For the HAL's own tests. */
final class CoreLoop implements Runnable {

    private final HardwareCore core;
    volatile boolean running = true;

    CoreLoop(HardwareCore core) {
        this.core = core;
    }

    static CoreLoop start(HardwareCore core) {
        CoreLoop loop = new CoreLoop(core);
        core.start("test-core-" + core.index(), loop);
        return loop;
    }

    @Override
    public void run() {
        while (running) {
            core.runMail();
            core.serviceInterrupts();
            core.timers().runDue(Clocks.monotonicNanos());
            if (!core.hasMail() && !core.interruptsPending()) {
                core.idle(core.timers().nextDeadline());
            }
        }
    }

    void stop() throws InterruptedException {
        running = false;
        core.wake();
        core.join(5_000);
    }
}

package org.omnikernel.programs.internal;

import java.util.ArrayList;
import java.util.List;

import org.omnikernel.syscall.Program;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.Rid;
import org.omnikernel.syscall.Sys;
import org.osgi.service.component.annotations.Component;

/**
 * {@code burn [threads]}: CPU-bound threads (experiment E1, seed §5.4). The main thread and
 * {@code threads - 1} more, all in the process's default CPU aggregate, each burn CPU in small
 * pieces of work with a preemption point after every piece, until the process is killed.
 */
@Component(property = Program.NAME + "=" + BurnProgram.NAME)
public final class BurnProgram implements Program {

    /** The program's name. */
    public static final String NAME = "burn";
    /** Iterations of the work loop between preemption points: a few µs. */
    static final int PIECE = 2_000;

    @Override
    public long main(Sys sys, List<String> args) {
        int threads = args.isEmpty() ? 1 : Integer.parseInt(args.get(0));
        List<Rid> others = new ArrayList<>();
        for (int i = 1; i < threads; i++) {
            Result<Rid> t = sys.threadCreate(Rid.NONE, BurnProgram::burn, i);
            if (!t.isOk()) {
                return t.error().ordinal() + 1;
            }
            others.add(t.value());
        }
        return burn(sys, 0);
    }

    /** Burns until killed; returns only to satisfy the compiler. */
    static long burn(Sys sys, long arg) {
        long x = arg;
        while (x != Long.MIN_VALUE + 7) {
            for (int i = 0; i < PIECE; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
            sys.preempt();
        }
        return x;
    }
}

package org.omnikernel.syscall;

import java.util.List;

/**
 * The system calls of one process (seed Figs 3.19, 3.20, 3.23, 3.24, 4.1–4.3). Each call is made by a
 * kernel thread of the process, checks whether the thread's timeslice has ended (a preemption point),
 * and answers with a {@link Result}: expected failures are error codes with a message, never
 * exceptions.
 *
 * <p>Namespace paths for {@link #aopen}: {@code /cpuaggregate?policy=roundrobin?share=5000} (a CPU
 * aggregate with its own thread-resource instance and scheduler), {@code /ioaggregate?share=N},
 * {@code /memoryaggregate?share=N}, {@code /messagequeue}, {@code /iostream?capacity=65536} (an I/O stream
 * with a buffer of that many bytes each way). Parameters follow {@code ?} (or {@code &}).
 *
 * <p>Times are in microseconds; a timeout of {@link #FOREVER} waits without limit and 0 does not wait.
 */
public interface Sys {

    /** A timeout that never expires. */
    long FOREVER = -1;
    /** Exit status of a process or thread whose code threw. */
    long EXIT_FAILED = -1;
    /** Exit status of a process killed without a status of its own. */
    long EXIT_KILLED = -9;

    // ---- namespace (Fig 3.19) --------------------------------------------------------------------

    /**
     * Opens an instance of an abstraction by path.
     *
     * @param path the path, with parameters
     * @return its RID; {@link Err#NO_SUCH_PATH}, {@link Err#BAD_PARAMETER}
     */
    Result<Rid> aopen(String path);

    /**
     * Opens by path on behalf of an I/O aggregate: when that aggregate is {@linkplain #bind bound} to a
     * message queue, an {@link QueueMessage#AOPEN_DONE} message with the cookie and the new RID is
     * placed on it.
     *
     * @param path   the path, with parameters
     * @param ioa    an I/O aggregate's RID, or {@link Rid#NONE} for the process's default
     * @param cookie delivered with the completion message
     * @return the RID
     */
    Result<Rid> aopen(String path, Rid ioa, long cookie);

    /**
     * Closes a RID: the instance is destroyed (a queue's messages dropped, an aggregate's activity
     * terminated). A process's default aggregates cannot be closed.
     *
     * @param rid the RID
     * @return {@link Err#BAD_RID}, {@link Err#BUSY} (an aggregate with live threads), {@link Err#NOT_PERMITTED}
     */
    Result<Void> aclose(Rid rid);

    // ---- files (the /fs namespace) ----------------------------------------------------------------
    // Files are opened with aopen ("/fs/a.txt?create?truncate", the flags of AopenFlags by name) and
    // moved with flows; these calls do the rest. Paths are absolute namespace paths under a mount
    // point. Failures: NOT_FOUND, EXISTS, NOT_A_DIRECTORY, IS_A_DIRECTORY, NOT_EMPTY, NO_SPACE,
    // READ_ONLY, NAME_TOO_LONG, IO_ERROR, NO_SUCH_PATH (under no mount), BAD_PARAMETER.

    /**
     * @param path a path; a final symbolic link is not followed
     * @return what it names
     */
    Result<FileStatus> stat(String path);

    /**
     * @param file an open file's RID
     * @return its status; {@link Err#WRONG_KIND} for a RID that is not an open file
     */
    Result<FileStatus> fstat(Rid file);

    /**
     * An open file's change cookie (as Linux's {@code statx} change cookie): a number that changes
     * whenever the file's data or size changes — through any handle, by any process — and stays the same
     * otherwise. Read without a message to the file cache, so it is cheap enough to check before every
     * read: a library that read a file ahead of its reader uses it to tell whether what it holds is still
     * the file's content.
     *
     * @param file an open file's RID
     * @return the cookie; {@link Err#WRONG_KIND} for a RID that is not an open file, {@link Err#KERNEL}
     *         when the kernel keeps no cookie for it
     * @since 0.3.0
     */
    default Result<Long> changeCookie(Rid file) {
        return Result.error(Err.KERNEL, "this kernel keeps no change cookies");
    }

    /**
     * @param path a directory
     * @return its entries, without {@code .} and {@code ..}
     */
    Result<List<DirectoryEntry>> list(String path);

    /**
     * @param path        the new directory
     * @param permissions its permission bits, such as {@code 0755}
     * @return its status
     */
    Result<FileStatus> mkdir(String path, int permissions);

    /**
     * @param path a file or symbolic link to remove
     * @return ok; {@link Err#IS_A_DIRECTORY} for a directory (use {@link #rmdir})
     */
    Result<Void> unlink(String path);

    /**
     * @param path an empty directory to remove
     * @return ok; {@link Err#NOT_EMPTY}
     */
    Result<Void> rmdir(String path);

    /**
     * Moves a name, replacing a file (or an empty directory, for a directory) at the target.
     *
     * @param from the old path
     * @param to   the new path, under the same mount point
     * @return ok
     */
    Result<Void> rename(String from, String to);

    /**
     * @param file an open file's RID
     * @return ok once everything written to it is on disk
     */
    Result<Void> fsync(Rid file);

    /**
     * @param file an open file's RID
     * @param size its new size, at least 0
     * @return its status after
     */
    Result<FileStatus> truncate(Rid file, long size);

    // ---- message queues (Fig 3.20) ---------------------------------------------------------------

    /**
     * Places a message on a queue, now or after a delay.
     *
     * @param mq          the queue's RID
     * @param message     the message
     * @param delayMicros 0 for now, else the delay in µs
     * @return {@link Err#BAD_RID}, {@link Err#WRONG_KIND}, {@link Err#BAD_PARAMETER} (a negative delay)
     */
    Result<Void> enqueue(Rid mq, QueueMessage message, long delayMicros);

    /**
     * Takes up to {@code max} messages, waiting up to the timeout for the first.
     *
     * @param mq            the queue's RID
     * @param max           at most this many, at least 1
     * @param timeoutMicros 0 to poll, {@link #FOREVER}, or µs
     * @return the messages, in order; {@link Err#TIMEOUT} when none came; {@link Err#BAD_PARAMETER}
     *         for a size below 1 or a timeout below {@link #FOREVER}
     */
    Result<List<QueueMessage>> dequeue(Rid mq, int max, long timeoutMicros);

    /**
     * Binds an activity (an I/O aggregate) to a queue, which then receives the messages concerning it
     * ({@link QueueMessage#AOPEN_DONE}, {@link QueueMessage#FLOW_SOURCE_DRAINED},
     * {@link QueueMessage#FLOW_ACK}); or binds an I/O stream to a queue, which then receives
     * {@link QueueMessage#IOS_DATA} and {@link QueueMessage#IOS_SPACE} with the stream's RID as cookie.
     *
     * @param activity the aggregate's or stream's RID
     * @param mq       the queue's RID
     * @return {@link Err#BAD_RID}, {@link Err#WRONG_KIND}
     */
    Result<Void> bind(Rid activity, Rid mq);

    // ---- flows (Fig 3.21) ------------------------------------------------------------------------

    /**
     * Creates a flow: an asynchronous transfer into a sink (an I/O stream, an open file), from
     * sources added with {@link #flowSource}. Its work, reading the sources and writing the sink, is
     * paid by the I/O aggregate; completions go to the queue {@linkplain #bind bound} to it.
     *
     * @param ioa    an I/O aggregate's RID, or {@link Rid#NONE} for the process's default
     * @param sink   the RID data goes to
     * @param flags  {@link FlowFlags}
     * @param cookie delivered with the flow's messages
     * @return the flow's RID; {@link Err#BAD_RID}, {@link Err#WRONG_KIND} (a sink that cannot take a
     *         flow's data), {@link Err#BAD_PARAMETER} (unknown flag bits), {@link Err#KERNEL} (no
     *         flow resource, AIOR, is running)
     */
    Result<Rid> flow(Rid ioa, Rid sink, long flags, long cookie);

    /**
     * Adds a source to a flow: {@code nbytes} from {@code sourceOffset} of the source go to the sink
     * at {@code sinkOffset} onwards (offsets are ignored by streams). Once drained, a
     * {@link QueueMessage#FLOW_SOURCE_DRAINED} is placed on the queue bound to the flow's I/O aggregate.
     *
     * @param ioa          the flow's I/O aggregate or {@link Rid#NONE}: one flow's messages belong to one
     *                     activity, so that one dependency label orders them
     * @param flow         the flow's RID
     * @param source       the RID data comes from
     * @param sourceOffset where in the source, at least 0
     * @param nbytes       how many bytes, at least 0, or {@link FlowFlags#NBYTES_EOF}
     * @param sinkOffset   where in the sink, at least 0
     * @return ok once the source is queued; {@link Err#BAD_RID}, {@link Err#WRONG_KIND},
     *         {@link Err#BAD_PARAMETER} (a negative offset or size, another aggregate than the flow's),
     *         {@link Err#GONE} (a closed flow)
     */
    Result<Void> flowSource(Rid ioa, Rid flow, Rid source, long sourceOffset, long nbytes, long sinkOffset);

    /**
     * Stops a flow and closes its RID: sources not yet drained are reported drained at once, with
     * {@link Err#GONE} and the bytes sent to the sink so far (writes it has not answered yet still
     * reach it); data read but not yet sent is dropped; the sink is then told the flow has ended (an
     * I/O stream's reader sees the end of the stream after the bytes sent).
     *
     * @param ioa  the flow's I/O aggregate or {@link Rid#NONE}
     * @param flow the flow's RID
     * @return {@link Err#BAD_RID}, {@link Err#WRONG_KIND}, {@link Err#BAD_PARAMETER}
     */
    Result<Void> flowClose(Rid ioa, Rid flow);

    // ---- I/O streams (Fig 3.22) ------------------------------------------------------------------

    /**
     * Writes bytes into an I/O stream, for a flow that has the stream as source. The bytes are copied
     * into kernel buffers. When the stream's buffer is full the call blocks until a flow has taken
     * enough, unless {@link IosFlags#STATE_POLL} is set.
     *
     * @param stream the stream's RID
     * @param data   the bytes
     * @param off    where in {@code data}
     * @param len    how many, at least 0
     * @param flags  {@link IosFlags#STATE_POLL}, {@link IosFlags#SIGNAL_EOF}
     * @return bytes written: {@code len}, or with STATE_POLL what fitted; {@link Err#BAD_PARAMETER}
     *         (a range outside {@code data}, an unknown flag), {@link Err#NOT_PERMITTED} (the stream
     *         has ended), {@link Err#GONE} (closed meanwhile)
     */
    Result<Long> iosWrite(Rid stream, byte[] data, int off, int len, long flags);

    /**
     * Reads bytes a flow wrote into an I/O stream (the stream as a flow's sink). Blocks until there
     * are some, the stream ends or the timeout expires, unless {@link IosFlags#STATE_POLL} is set.
     *
     * @param stream        the stream's RID
     * @param max           at most this many bytes, at least 1
     * @param flags         {@link IosFlags#STATE_POLL}
     * @param timeoutMicros 0 to poll, {@link #FOREVER}, or µs
     * @return the bytes; at the end, empty with {@link StreamRead#endOfStream()} true;
     *         {@link Err#TIMEOUT}, {@link Err#BAD_PARAMETER}, {@link Err#GONE}
     */
    Result<StreamRead> iosRead(Rid stream, int max, long flags, long timeoutMicros);

    // ---- threads (Fig 3.24) ----------------------------------------------------------------------

    /** @return the calling thread's RID */
    Rid threadSelf();

    /**
     * Gives up the core: the thread goes behind the ready threads of its CPU aggregate.
     *
     * @return ok
     */
    Result<Void> threadYield();

    /**
     * A preemption point: gives up the core when the timeslice has ended (or the thread was asked to
     * suspend); otherwise costs a clock read. CPU-bound code calls it every few microseconds of work.
     */
    void preempt();

    /**
     * Creates a thread in a CPU aggregate.
     *
     * @param cpua a CPU aggregate's RID, or {@link Rid#NONE} for the process's default
     * @param body what it runs
     * @param arg  its argument
     * @return its RID
     */
    Result<Rid> threadCreate(Rid cpua, ThreadBody body, long arg);

    /**
     * Ends the calling thread with a status; does not return. The main thread's exit ends the process.
     *
     * @param status the exit status
     */
    void threadExit(long status);

    /**
     * Waits until a thread of this process exits.
     *
     * @param thread its RID
     * @return its exit status; {@link Err#NOT_PERMITTED} for the calling thread itself
     */
    Result<Long> threadJoin(Rid thread);

    /**
     * Suspends a thread until {@link #threadResume} or the timeout. The calling thread suspends at
     * once; another thread suspends at its next preemption point or system call.
     *
     * @param thread        its RID
     * @param timeoutMicros {@link #FOREVER} or µs (at least 1)
     * @return for the calling thread: ok when resumed, {@link Err#TIMEOUT} when the timeout woke it
     */
    Result<Void> threadSuspend(Rid thread, long timeoutMicros);

    /**
     * Resumes a suspended thread, or cancels a suspension it has not reached yet.
     *
     * @param thread its RID
     * @return {@link Err#NOT_PERMITTED} when it is neither suspended nor asked to suspend
     */
    Result<Void> threadResume(Rid thread);

    /**
     * @param thread a thread's RID
     * @return the CPU time it has run, in ns, measured per timeslice and attributed to its CPU aggregate
     */
    Result<Long> threadCpuNanos(Rid thread);

    // ---- CPU aggregates (§4.1.1) -----------------------------------------------------------------

    /**
     * Suspends every thread of a CPU aggregate: running ones at their next preemption point.
     *
     * @param cpua its RID
     * @return ok
     */
    Result<Void> cpuaSuspend(Rid cpua);

    /**
     * Resumes a suspended CPU aggregate.
     *
     * @param cpua its RID
     * @return ok
     */
    Result<Void> cpuaResume(Rid cpua);

    /** @return the RID of the default CPU aggregate, in which the main thread runs */
    Rid defaultCpua();

    /** @return the RID of the default I/O aggregate */
    Rid defaultIoa();

    /** @return the RID of the default memory aggregate */
    Rid defaultMema();

    // ---- processes (Fig 3.23) --------------------------------------------------------------------

    /**
     * Starts a process running a program.
     *
     * @param program      the program's name
     * @param args         its arguments
     * @param messageQueue a queue of this process that receives {@link QueueMessage#PROCESS_EXIT} when
     *                     the child ends, or {@link Rid#NONE}
     * @return the child's RID
     */
    Result<Rid> processStart(String program, List<String> args, Rid messageQueue);

    /**
     * Kills a child process: its threads unwind at their next preemption point or system call, then
     * everything it held is released.
     *
     * @param process the child's RID
     * @param status  its exit status
     * @return ok once the kill is under way
     */
    Result<Void> processKill(Rid process, long status);

    /** @return the monotonic clock, in ns */
    long nanoTime();
}

package org.omnikernel.syscall;

/** The error codes of system calls (the seed's {@code vxerr_t}). */
public enum Err {
    /** The RID is not open in this process. */
    BAD_RID,
    /** The RID names an object of another kind than the call needs (a queue where a thread was expected). */
    WRONG_KIND,
    /** No resource provides the path. */
    NO_SUCH_PATH,
    /** A parameter is malformed or out of range (an aggregate's share, a dequeue size, a policy). */
    BAD_PARAMETER,
    /** No bundle offers a program of that name. */
    NO_SUCH_PROGRAM,
    /** A blocking call's timeout expired first. */
    TIMEOUT,
    /** The object is in use and cannot be closed (an aggregate with live threads). */
    BUSY,
    /** The call is not allowed in this state (joining oneself, resuming a thread that is not suspended). */
    NOT_PERMITTED,
    /** The calling JVM thread is not a kernel thread, so it has no process to act for. */
    NOT_A_KERNEL_THREAD,
    /** The object has gone (a closed queue, an exited process). */
    GONE,
    /** The kernel refused for a reason of its own, named in the message. */
    KERNEL,
    /** No file or directory of that name (a component of a /fs path is missing). */
    NOT_FOUND,
    /** The name exists already (a create that must not find one, a rename onto a directory). */
    EXISTS,
    /** A path component that must be a directory is not one. */
    NOT_A_DIRECTORY,
    /** A directory where a file was needed (writing it, unlinking it as a file). */
    IS_A_DIRECTORY,
    /** A directory that must be empty (rmdir, rename onto it) is not. */
    NOT_EMPTY,
    /** The file system has no free block or no free inode left. */
    NO_SPACE,
    /** The file system or volume is mounted or opened read-only. */
    READ_ONLY,
    /** A name longer than the file system allows (255 bytes for ext2). */
    NAME_TOO_LONG,
    /** The device or the file system failed: a medium error, a corrupt structure; the message says which. */
    IO_ERROR
}

package dev.logcontext.kotlin

import dev.logcontext.LogContext
import dev.logcontext.Scope
import dev.logcontext.ScopeMisuseException
import dev.logcontext.Snapshot
import kotlin.coroutines.AbstractCoroutineContextElement
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.ThreadContextElement

/**
 * A coroutine context element that makes [snapshot] the current [LogContext] on whichever thread
 * the coroutine runs, after every suspension and on every dispatcher, and gives each thread its own
 * context back when the coroutine suspends or completes.
 *
 * ```
 * launch(Dispatchers.IO + LogContextElement()) {  // captures the caller's context
 *     delay(10)
 *     log.info("still has request_id")            // on another worker
 * }
 * ```
 *
 * Each resumption is a scope: [updateThreadContext] opens it on the resuming thread and
 * [restoreThreadContext], which kotlinx.coroutines calls on that same thread when the coroutine
 * suspends again, closes it. Closing restores exactly the thread's context from before the
 * resumption and unwinds anything the coroutine left open during it, so nothing a coroutine binds
 * reaches another coroutine that shares the worker. The state passed from one call to the other is
 * that scope, hence `ThreadContextElement<Scope>`.
 *
 * Child coroutines inherit the element, and so the same snapshot, by reference. Fields bound with
 * `LogContext.with(..)` inside a coroutine are not part of the element: they last until the next
 * suspension at most. Use [withLogContext] to bind fields for a block of suspending code, and to
 * give them to the coroutines launched in it.
 *
 * Thread-safety: immutable; one element may be shared by any number of coroutines and threads.
 * Bad input: a null snapshot is rejected by the Kotlin type system (from Java: a
 * [NullPointerException] when the element is created).
 *
 * @property snapshot the context the coroutine runs in.
 */
public class LogContextElement(public val snapshot: Snapshot = LogContext.capture()) :
    ThreadContextElement<Scope>, AbstractCoroutineContextElement(Key) {

    /** The key of [LogContextElement] in a [CoroutineContext]; one element per context. */
    public companion object Key : CoroutineContext.Key<LogContextElement> {
        /** Opens a scope that binds nothing: `with` of an empty map keeps the current snapshot. */
        private val NOTHING: Map<String, Any?> = emptyMap()
    }

    /**
     * Makes [snapshot] current on this thread and returns the scope that [restoreThreadContext]
     * closes; called by kotlinx.coroutines before the coroutine resumes on this thread.
     *
     * When [snapshot] is already current (an undispatched start, `runBlocking` on the capturing
     * thread), a scope binding nothing is opened instead of sharing the thread's scope, so that
     * closing it still unwinds what the coroutine leaves open.
     */
    override fun updateThreadContext(context: CoroutineContext): Scope =
        if (LogContext.capture() === snapshot) LogContext.with(NOTHING) else snapshot.attach()

    /**
     * Closes the scope [updateThreadContext] returned, restoring the thread's own context; called by
     * kotlinx.coroutines on the same thread when the coroutine suspends or completes.
     *
     * A scope the coroutine opened and left open (`LogContext.with(..)` across a suspension point) is
     * closed with it, which core reports as misuse. In strict mode that report is an exception; it is
     * passed to the thread's uncaught-exception handler instead of being thrown into the coroutine
     * machinery, which must not see exceptions from here.
     */
    override fun restoreThreadContext(context: CoroutineContext, oldState: Scope) {
        try {
            oldState.close()
        } catch (misuse: ScopeMisuseException) {
            val thread = Thread.currentThread()
            thread.uncaughtExceptionHandler?.uncaughtException(thread, misuse)
        }
    }

    /** Returns `LogContextElement{key=value, ...}`, for debugging. */
    override fun toString(): String = "LogContextElement$snapshot"
}

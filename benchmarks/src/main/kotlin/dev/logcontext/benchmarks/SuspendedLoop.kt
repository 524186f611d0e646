package dev.logcontext.benchmarks

import java.util.concurrent.Executor
import kotlin.coroutines.Continuation
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.resume
import kotlin.coroutines.suspendCoroutine
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.cancel
import kotlinx.coroutines.launch

/**
 * A coroutine that suspends in a loop, for the coroutine hop benchmark: each [resume] resumes it
 * once through a dispatcher of its own, which runs the resumption at once on the calling thread
 * (as a worker of another dispatcher would run it), with the context elements of [context]
 * installed for the resumption and the caller's thread context restored when it suspends again.
 * After each resumption [seen] holds what [read] returned in the coroutine.
 *
 * Not thread-safe: one benchmark thread resumes it.
 */
class SuspendedLoop(context: CoroutineContext, private val read: () -> Any?) {
    private var continuation: Continuation<Unit>? = null

    /** What [read] returned in the last resumption. */
    @Volatile var seen: Any? = null

    private val scope = CoroutineScope(context + Job() + DIRECT)

    init {
        scope.launch {
            while (true) {
                suspendCoroutine { continuation = it }
                seen = read()
            }
        }
        checkNotNull(continuation) { "the coroutine did not start on the calling thread" }
    }

    /** Resumes the coroutine once and returns when it has suspended again. */
    fun resume() {
        val next = continuation!!
        continuation = null
        next.resume(Unit)
    }

    /** Cancels the coroutine. */
    fun close() {
        scope.cancel()
    }

    private companion object {
        /** Runs every dispatched resumption at once on the thread that dispatches it. */
        val DIRECT = Executor { it.run() }.asCoroutineDispatcher()
    }
}

@file:JvmName("CoroutineLogContext")

package dev.logcontext.kotlin

import dev.logcontext.LogContext
import dev.logcontext.Snapshot
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.withContext

/**
 * Calls [block] with [fields] bound on top of the current context, across every suspension and
 * dispatcher inside it (including the coroutines it launches), and returns its result; afterwards
 * the caller's context is what it was.
 *
 * ```
 * withLogContext("request_id" to id, "user_id" to 42L) {
 *     val order = withContext(Dispatchers.IO) { repository.load(id) }  // logs carry both
 *     log.info("loaded")                                              // so does this
 * }
 * ```
 *
 * The current context is the snapshot of the calling thread, which inside a coroutine with a
 * [LogContextElement] is the element's. Values follow the rules of `LogContext.with`: typed values
 * stay typed, a null value removes the key, a later pair for the same key wins. It is
 * `withContext(LogContextElement(snapshot))` with the fields added.
 *
 * Thread-safety: like any suspending function, call it from a coroutine; the fields are immutable
 * once bound. Bad input: an invalid key throws [IllegalArgumentException] naming it before [block]
 * runs, and nothing is bound.
 */
public suspend fun <T> withLogContext(
    vararg fields: Pair<String, Any?>,
    block: suspend CoroutineScope.() -> T,
): T {
    var snapshot = LogContext.capture()
    for ((key, value) in fields) {
        snapshot = snapshot.with(key, value)
    }
    return withContext(LogContextElement(snapshot), block)
}

/**
 * Returns a coroutine context element that runs coroutines in this snapshot, e.g.
 * `launch(Dispatchers.Default + LogContext.capture().asContextElement()) { .. }`.
 *
 * Thread-safety: the element is immutable and may be shared. Bad input: none (any snapshot).
 */
public fun Snapshot.asContextElement(): LogContextElement = LogContextElement(this)

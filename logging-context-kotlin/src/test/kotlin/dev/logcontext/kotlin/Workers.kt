package dev.logcontext.kotlin

import dev.logcontext.LogContext
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.TimeUnit
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import org.assertj.core.api.Assertions.assertThat

/** Checks on the worker threads that coroutines shared. */
internal object Workers {
    /**
     * Runs plain tasks (coroutines without any context element) on [dispatchers] until each of
     * [threads] has run one or 10 seconds have passed, and asserts that every task found an empty
     * context (nothing a coroutine bound outlived it on a worker) and that at least one worker was
     * probed. A dispatcher cannot be told which worker takes a task: kotlinx.coroutines' shared
     * scheduler may leave a parked worker without a probe for as long as others are free, so a
     * worker not reached in time is not a failure; every worker that ran a probe is checked.
     */
    fun assertNothingLeftOn(threads: Set<Thread>, vararg dispatchers: CoroutineDispatcher) {
        val checked = ConcurrentHashMap.newKeySet<Thread>()
        val leftovers = ConcurrentLinkedQueue<String>()
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
        runBlocking {
            while (!checked.containsAll(threads) && System.nanoTime() < deadline) {
                dispatchers
                    .flatMap { dispatcher ->
                        (0 until 2 * threads.size.coerceAtLeast(4)).map {
                            launch(dispatcher) {
                                val fields = LogContext.fields()
                                if (fields.isNotEmpty()) {
                                    leftovers.add("${Thread.currentThread().name}: $fields")
                                }
                                checked.add(Thread.currentThread())
                                Thread.sleep(2) // hold the worker so that the next probe takes another
                            }
                        }
                    }
                    .joinAll()
            }
        }
        assertThat(checked).describedAs("workers that ran a plain task").isNotEmpty()
        assertThat(leftovers).describedAs("context left on workers").isEmpty()
    }
}

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
     * [threads] has run one, and asserts that every one of them found an empty context: nothing a
     * coroutine bound outlived it on a worker.
     */
    fun assertNothingLeftOn(threads: Set<Thread>, vararg dispatchers: CoroutineDispatcher) {
        val checked = ConcurrentHashMap.newKeySet<Thread>()
        val leftovers = ConcurrentLinkedQueue<String>()
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30)
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
        assertThat(threads - checked).describedAs("workers that ran no plain task").isEmpty()
        assertThat(leftovers).describedAs("context left on workers").isEmpty()
    }
}

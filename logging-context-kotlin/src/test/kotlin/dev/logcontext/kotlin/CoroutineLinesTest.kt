package dev.logcontext.kotlin

import dev.logcontext.LogContext
import dev.logcontext.ScopeChecks
import dev.logcontext.ScopeMisuseException
import dev.logcontext.Snapshot
import java.nio.file.Path
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.function.Consumer
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.DelicateCoroutinesApi
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.newFixedThreadPoolContext
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import org.slf4j.LoggerFactory

/**
 * 10,000 coroutines per dispatcher, each suspending (delay, yield, a hop to another dispatcher and
 * back), logging through real Logback with the JSON encoder; every line is parsed and checked.
 */
@OptIn(DelicateCoroutinesApi::class)
class CoroutineLinesTest {
    private val log = LoggerFactory.getLogger(CoroutineLinesTest::class.java)
    private val misuse = ConcurrentLinkedQueue<ScopeMisuseException>()
    private lateinit var previousHandler: Consumer<in ScopeMisuseException>

    @BeforeEach
    fun collectMisuseReports() {
        previousHandler = ScopeChecks.setHandler { misuse.add(it) }
    }

    @AfterEach
    fun restoreHandlerAndCheckTheTestThread() {
        ScopeChecks.setHandler(previousHandler)
        assertThat(LogContext.fields()).describedAs("test thread's context").isEmpty()
    }

    @Test
    fun everyLineOnDispatchersIoCarriesItsCoroutinesTypedFields(@TempDir dir: Path) {
        checkEveryLine(dir, Dispatchers.IO, Dispatchers.Default)
    }

    @Test
    fun everyLineOnDispatchersDefaultCarriesItsCoroutinesTypedFields(@TempDir dir: Path) {
        checkEveryLine(dir, Dispatchers.Default, Dispatchers.IO)
    }

    @Test
    fun everyLineOnAFixedThreadPoolCarriesItsCoroutinesTypedFields(@TempDir dir: Path) {
        newFixedThreadPoolContext(4, "fixed-pool").use { fixed ->
            val lines = checkEveryLine(dir, fixed, Dispatchers.Default)
            for (line in lines) {
                val message = line["message"] as String
                val thread = line["thread_name"] as String
                if (message.startsWith("hop")) {
                    assertThat(thread).describedAs(message).startsWith("DefaultDispatcher-worker")
                } else {
                    assertThat(thread).describedAs(message).startsWith("fixed-pool")
                }
            }
        }
    }

    /**
     * Even coroutines are launched with a [LogContextElement]; odd ones are plain coroutines that
     * log once outside (on a worker shared with all the others: no field may show there), then bind
     * their fields with [withLogContext]. Returns the parsed lines after checking them.
     */
    private fun checkEveryLine(
        dir: Path,
        dispatcher: CoroutineDispatcher,
        other: CoroutineDispatcher,
    ): List<Map<String, Any?>> {
        val threads = ConcurrentHashMap.newKeySet<Thread>()
        val logFile = JsonLogFile("json-lines.xml", dir.resolve("lines.json"))
        runBlocking {
            (0 until COROUTINES)
                .map { i ->
                    val id = i.toLong()
                    if (i % 2 == 0) {
                        val fields = Snapshot.empty().with("coroutine_id", id).with("even", true)
                        launch(dispatcher + LogContextElement(fields)) { steps(id, other, threads) }
                    } else {
                        launch(dispatcher) {
                            threads.add(Thread.currentThread())
                            log.info("outside id={}", id)
                            withLogContext("coroutine_id" to id, "even" to false) {
                                steps(id, other, threads)
                            }
                            log.info("outside-after id={}", id)
                        }
                    }
                }
                .joinAll()
        }
        val lines = logFile.stopAndRead()

        val seen = HashSet<String>()
        for (line in lines) {
            val message = line["message"] as String
            val step = message.substringBefore(" id=")
            val id = message.substringAfter(" id=").toLong()
            assertThat(seen.add(message)).describedAs("logged twice: %s", message).isTrue()
            val context = line.keys - STANDARD_FIELDS
            if (step.startsWith("outside")) {
                assertThat(context).describedAs("fields on a plain coroutine: %s", line).isEmpty()
            } else {
                assertThat(context).describedAs(message).containsExactly("coroutine_id", "even")
                assertThat(line["coroutine_id"]).describedAs(message).isInstanceOf(Number::class.java)
                assertThat((line["coroutine_id"] as Number).toLong()).describedAs(message).isEqualTo(id)
                assertThat(line["even"]).describedAs(message).isEqualTo(id % 2 == 0L)
            }
        }
        val expected = COROUTINES * STEPS.size + (COROUTINES / 2) * 2
        assertThat(lines).describedAs("lines").hasSize(expected)
        assertThat(threads.size).describedAs("workers used").isGreaterThan(1)
        assertThat(misuse).describedAs("scope misuse reported").isEmpty()

        Workers.assertNothingLeftOn(threads, dispatcher, other, Dispatchers.IO)
        return lines
    }

    private suspend fun steps(id: Long, other: CoroutineDispatcher, threads: MutableSet<Thread>) {
        threads.add(Thread.currentThread())
        log.info("start id={}", id)
        delay(1)
        threads.add(Thread.currentThread())
        log.info("after-delay id={}", id)
        yield()
        log.info("after-yield id={}", id)
        withContext(other) {
            threads.add(Thread.currentThread())
            log.info("hop id={}", id)
            delay(1)
            threads.add(Thread.currentThread())
            log.info("hop-after-delay id={}", id)
        }
        threads.add(Thread.currentThread())
        log.info("back id={}", id)
    }

    private companion object {
        const val COROUTINES = 10_000
        val STEPS = listOf("start", "after-delay", "after-yield", "hop", "hop-after-delay", "back")
        val STANDARD_FIELDS =
            setOf("@timestamp", "level", "logger_name", "thread_name", "message", "service")
    }
}

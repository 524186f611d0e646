package dev.logcontext.kotlin

import dev.logcontext.LogContext
import dev.logcontext.ScopeChecks
import dev.logcontext.ScopeMisuseException
import dev.logcontext.Snapshot
import java.nio.file.Path
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.function.Consumer
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import org.slf4j.LoggerFactory

/**
 * `LogContext.with(..).use { delay(..) }` is misuse in a coroutine (the scope may close on another
 * worker), and it is reported; what matters here is that nothing it bound outlives it on a worker.
 */
class ScopeAcrossSuspensionTest {
    private val log = LoggerFactory.getLogger(ScopeAcrossSuspensionTest::class.java)
    private val misuse = ConcurrentLinkedQueue<ScopeMisuseException>()
    private lateinit var previousHandler: Consumer<in ScopeMisuseException>

    @BeforeEach
    fun collectMisuseReports() {
        previousHandler = ScopeChecks.setHandler { misuse.add(it) }
    }

    @AfterEach
    fun restoreHandler() {
        ScopeChecks.setHandler(previousHandler)
    }

    @Test
    fun aScopeAcrossASuspensionInAPlainCoroutineLeavesNothingOnTheWorkers() {
        val threads = ConcurrentHashMap.newKeySet<Thread>()
        runBlocking {
            (0 until COROUTINES)
                .map { i ->
                    launch(Dispatchers.IO) {
                        threads.add(Thread.currentThread())
                        LogContext.with("inner", i.toLong()).use {
                            delay(1)
                            threads.add(Thread.currentThread())
                        }
                    }
                }
                .joinAll()
        }
        assertThat(misuse).describedAs("closed on other workers: reported").isNotEmpty()
        Workers.assertNothingLeftOn(threads, Dispatchers.IO)
    }

    @Test
    fun aScopeAcrossASuspensionUnderTheElementEndsAtTheSuspensionAndReachesNoOtherCoroutine(
        @TempDir dir: Path
    ) {
        val threads = ConcurrentHashMap.newKeySet<Thread>()
        val logFile = JsonLogFile("json-lines.xml", dir.resolve("lines.json"))
        runBlocking {
            (0 until COROUTINES)
                .map { i ->
                    val id = i.toLong()
                    val element = LogContextElement(Snapshot.empty().with("coroutine_id", id))
                    launch(Dispatchers.Default + element) {
                        threads.add(Thread.currentThread())
                        LogContext.with("inner", id).use {
                            log.info("inside-before id={}", id)
                            delay(1)
                            threads.add(Thread.currentThread())
                            log.info("inside-after id={}", id)
                        }
                        log.info("after id={}", id)
                    }
                }
                .joinAll()
        }
        val lines = logFile.stopAndRead()
        assertThat(lines).hasSize(3 * COROUTINES)
        var endedAtTheSuspension = 0
        for (line in lines) {
            val message = line["message"] as String
            val id = message.substringAfter(" id=").toLong()
            assertThat((line["coroutine_id"] as Number).toLong()).describedAs(message).isEqualTo(id)
            when {
                message.startsWith("inside-before") ->
                    assertThat((line["inner"] as Number).toLong()).describedAs(message).isEqualTo(id)
                // A delay that has elapsed by the time the coroutine would suspend returns without
                // suspending: then the scope is still open, and it is this coroutine's own.
                message.startsWith("inside-after") ->
                    if ("inner" in line) {
                        assertThat((line["inner"] as Number).toLong()).describedAs(message).isEqualTo(id)
                    } else {
                        endedAtTheSuspension++
                    }
                else -> assertThat(line).describedAs("after the scope: %s", message).doesNotContainKey("inner")
            }
        }
        assertThat(endedAtTheSuspension).describedAs("scopes ended at the suspension").isPositive()
        assertThat(misuse.map { it.kind() }.toSet())
            .describedAs("kinds of misuse reported")
            .containsAnyOf(ScopeMisuseException.Kind.OUT_OF_ORDER)
        Workers.assertNothingLeftOn(threads, Dispatchers.Default, Dispatchers.IO)
    }

    private companion object {
        const val COROUTINES = 10_000
    }
}

package dev.logcontext.kotlin

import dev.logcontext.LogContext
import dev.logcontext.ScopeChecks
import dev.logcontext.ScopeMisuseException
import dev.logcontext.Snapshot
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.Executors
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.assertThatThrownBy
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test

class LogContextElementTest {
    private val request = Snapshot.empty().with("request_id", "r-1").with("user_id", 42L)

    @AfterEach
    fun contextIsBackToEmpty() {
        assertThat(LogContext.fields()).describedAs("test thread's context").isEmpty()
    }

    @Test
    fun theCoroutineRunsInTheSnapshotAfterEverySuspensionAndTheCallerKeepsItsOwn() {
        LogContext.with("caller", "main").use {
            val caller = LogContext.capture()
            val seen =
                runBlocking(LogContextElement(request)) {
                    val here = LogContext.capture()
                    val hop =
                        withContext(Dispatchers.Default) {
                            delay(1)
                            LogContext.capture()
                        }
                    yield()
                    listOf(here, hop, LogContext.capture())
                }
            assertThat(seen).containsExactly(request, request, request)
            assertThat(LogContext.capture()).isSameAs(caller)
        }
    }

    @Test
    fun theDefaultElementCapturesTheCallersContext() {
        LogContext.with("request_id", 7L).use {
            assertThat(LogContextElement().snapshot).isSameAs(LogContext.capture())
            assertThat(LogContext.capture().asContextElement().snapshot)
                .isSameAs(LogContext.capture())
        }
    }

    @Test
    fun withLogContextAddsFieldsForTheBlockAndRestoresThemAfter() {
        val base = Snapshot.empty().with("a", 1L).with("b", "x")
        runBlocking(Dispatchers.Default + base.asContextElement()) {
            withLogContext("c" to true, "b" to null, "a" to 2L) {
                assertThat(LogContext.fields()).isEqualTo(mapOf("a" to 2L, "c" to true))
                delay(1)
                withContext(Dispatchers.IO) {
                    withLogContext("d" to "inner") {
                        yield()
                        assertThat(LogContext.fields())
                            .isEqualTo(mapOf("a" to 2L, "c" to true, "d" to "inner"))
                    }
                    assertThat(LogContext.fields()).isEqualTo(mapOf("a" to 2L, "c" to true))
                }
                assertThat(currentCoroutineContext()[LogContextElement]?.snapshot?.get("c"))
                    .isEqualTo(true)
            }
            assertThat(LogContext.capture()).isEqualTo(base)
        }
    }

    @Test
    fun withLogContextRejectsAnInvalidKeyBeforeTheBlockRuns() {
        var ran = false
        assertThatThrownBy { runBlocking { withLogContext("no spaces" to 1) { ran = true } } }
            .isInstanceOf(IllegalArgumentException::class.java)
            .hasMessageContaining("no spaces")
        assertThat(ran).isFalse()
    }

    @Test
    fun childCoroutinesInheritTheFieldsOfWithLogContext() {
        val seen = runBlocking {
            withLogContext("request_id" to "r-2") {
                coroutineScope {
                    (0 until 100)
                        .map {
                            async(Dispatchers.Default) {
                                delay(1)
                                LogContext.get("request_id")
                            }
                        }
                        .awaitAll()
                }
            }
        }
        assertThat(seen).hasSize(100).containsOnly("r-2")
    }

    @Test
    fun anUnconfinedCoroutineKeepsTheSnapshotAndGivesTheCallerItsContextBack() {
        LogContext.with("caller", "main").use {
            val caller = LogContext.capture()
            val seen = ConcurrentLinkedQueue<Snapshot>()
            runBlocking {
                val job =
                    launch(Dispatchers.Unconfined + LogContextElement(request)) {
                        seen.add(LogContext.capture())
                        delay(1) // resumes on the thread that ends the delay, still unconfined
                        seen.add(LogContext.capture())
                    }
                assertThat(LogContext.capture())
                    .describedAs("after the undispatched start")
                    .isSameAs(caller)
                job.join()
            }
            assertThat(seen).containsExactly(request, request)
            assertThat(LogContext.capture()).isSameAs(caller)
        }
    }

    @Test
    fun theElementAlreadyCurrentStillUnwindsWhatTheCoroutineLeavesOpen() {
        val previousHandler = ScopeChecks.setHandler {}
        try {
            LogContext.with("request_id", "r-3").use {
                val caller = LogContext.capture()
                runBlocking(LogContextElement()) { // the snapshot that is already current
                    LogContext.with("inner", "x") // left open: misuse in a coroutine
                    yield()
                    assertThat(LogContext.get("inner")).describedAs("after the suspension").isNull()
                }
                assertThat(LogContext.capture()).isSameAs(caller)
            }
        } finally {
            ScopeChecks.setHandler(previousHandler)
        }
    }

    @Test
    fun aScopeLeftOpenAcrossASuspensionIsReportedInStrictModeWithoutBreakingTheCoroutine() {
        val uncaught = ConcurrentLinkedQueue<Throwable>()
        val executor =
            Executors.newSingleThreadExecutor { task ->
                Thread(task, "strict-worker").apply {
                    setUncaughtExceptionHandler { _, e -> uncaught.add(e) }
                }
            }
        val previousHandler = ScopeChecks.setHandler {}
        ScopeChecks.setStrict(true)
        try {
            val after =
                executor.asCoroutineDispatcher().use { worker ->
                    runBlocking(worker + LogContextElement(request)) {
                        val scope = LogContext.with("inner", "x")
                        yield() // always suspends on a dispatcher that dispatches
                        scope.close() // closed with the resumption already: does nothing
                        LogContext.capture()
                    }
                }
            assertThat(after).isEqualTo(request)
        } finally {
            ScopeChecks.setStrict(false)
            ScopeChecks.setHandler(previousHandler)
        }
        assertThat(uncaught).hasSize(1)
        assertThat((uncaught.single() as ScopeMisuseException).kind())
            .isEqualTo(ScopeMisuseException.Kind.OUT_OF_ORDER)
    }

    @Test
    fun theElementDescribesItsSnapshot() {
        assertThat(LogContextElement(request).toString())
            .isEqualTo("LogContextElement{request_id=r-1, user_id=42}")
    }
}

package dev.logcontext.kotlin

import ch.qos.logback.classic.LoggerContext
import ch.qos.logback.classic.joran.JoranConfigurator
import ch.qos.logback.core.status.Status
import com.fasterxml.jackson.core.StreamReadFeature
import com.fasterxml.jackson.databind.DeserializationFeature
import com.fasterxml.jackson.databind.json.JsonMapper
import java.nio.file.Files
import java.nio.file.Path
import org.slf4j.LoggerFactory

/** Real Logback configured from an XML file of the test resources, writing JSON lines to a file. */
internal class JsonLogFile(resource: String, private val file: Path) : AutoCloseable {
    private val context = LoggerFactory.getILoggerFactory() as LoggerContext

    init {
        context.reset()
        context.statusManager.clear()
        context.putProperty("logFile", file.toString())
        val configurator = JoranConfigurator()
        configurator.context = context
        configurator.doConfigure(JsonLogFile::class.java.getResource("/$resource"))
        val problems = context.statusManager.copyOfStatusList.filter { it.level >= Status.WARN }
        check(problems.isEmpty()) { "configuration $resource reported $problems" }
    }

    /** Stops every appender, draining the async queue, and parses every line strictly. */
    fun stopAndRead(): List<Map<String, Any?>> {
        context.reset()
        val text = Files.readString(file)
        if (text.isNotEmpty() && !text.endsWith("\n")) throw AssertionError("last line is not terminated")
        return text.split('\n').filter { it.isNotEmpty() }.map(::parse)
    }

    override fun close() {
        context.reset()
    }

    companion object {
        private val STRICT =
            JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build()

        fun parse(line: String): Map<String, Any?> =
            try {
                @Suppress("UNCHECKED_CAST")
                STRICT.readValue(line, LinkedHashMap::class.java) as Map<String, Any?>
            } catch (e: java.io.IOException) {
                throw AssertionError("not one valid JSON object: $line", e)
            }
    }
}

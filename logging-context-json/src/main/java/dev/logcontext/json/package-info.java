/**
 * The JSON event writer shared by the Logback encoder and the Log4j2 layout.
 *
 * <p>A backend adapter implements {@link dev.logcontext.json.EventView} over its own event type,
 * builds a {@link dev.logcontext.json.JsonFormat} from its configuration once, creates a {@link
 * dev.logcontext.json.JsonEventWriter} and calls {@code encode} per event. Both backends produce
 * the same JSON for the same event. Classes in {@code dev.logcontext.json.internal} are not API.
 */
package dev.logcontext.json;

/**
 * The backend-neutral part of the per-request buffering appenders and of the lost-context
 * diagnostics, shared by the Logback and Log4j2 adapters: bounded per-request buffers ({@link
 * dev.logcontext.json.buffer.RequestBuffers}) and the required-field check ({@link
 * dev.logcontext.json.buffer.RequiredFields}). Users configure the appenders and encoders; they do
 * not call this package.
 */
package dev.logcontext.json.buffer;

/**
 * {@code logctx}, a command-line tool that follows one correlation id through JSON log files or an
 * OpenSearch/Elasticsearch cluster, and prints index templates for the encoders' lines; see {@link
 * dev.logcontext.logctx.Logctx}.
 */
package dev.logcontext.logctx;

/**
 * The demo's two services, {@code gateway} and {@code inventory}: plain servlets behind {@link
 * dev.logcontext.web.LogContextFilter} on embedded Jetty. Nothing in them passes ids around by
 * hand; every line they log carries the request's ids because the filter bound them and the pools,
 * futures and HTTP calls carry the context.
 */
package dev.logcontext.examples.demo.services;

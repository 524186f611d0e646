/**
 * The guided tour: one small program per idea of the context-variable model, each printing its JSON
 * lines to standard output. Run one with {@code java -cp examples/target/logging-context-demo.jar
 * dev.logcontext.examples.tour.TokenRestore}; {@code examples/TOUR.md} walks through them in order.
 */
package dev.logcontext.examples.tour;

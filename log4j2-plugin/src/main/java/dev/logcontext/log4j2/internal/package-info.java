/** Implementation details of the Log4j2 integration; not API. */
package dev.logcontext.log4j2.internal;

/** Implementation of the JSON writer; not API, may change in any release. */
package dev.logcontext.json.internal;

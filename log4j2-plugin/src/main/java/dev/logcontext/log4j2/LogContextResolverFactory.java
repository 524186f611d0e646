package dev.logcontext.log4j2;

import dev.logcontext.log4j2.internal.LogContextResolver;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.layout.template.json.resolver.EventResolver;
import org.apache.logging.log4j.layout.template.json.resolver.EventResolverContext;
import org.apache.logging.log4j.layout.template.json.resolver.EventResolverFactory;
import org.apache.logging.log4j.layout.template.json.resolver.TemplateResolverConfig;
import org.apache.logging.log4j.layout.template.json.resolver.TemplateResolverFactory;

/**
 * The {@code logContext} resolver for Log4j's {@code JsonTemplateLayout}, for users who keep their
 * own event templates. It writes the LogContext fields captured with the event, typed (numbers stay
 * numbers, maps nest):
 *
 * <pre>{@code
 * {"context": {"$resolver": "logContext"}}                    // all fields as one object
 * {"user": {"$resolver": "logContext", "key": "user_id"}}     // one field; omitted when absent
 * {"ctx": {"$resolver": "logContext", "flatten": true}}       // fields at the top level
 * }</pre>
 *
 * <p>Options: {@code key} (one field), {@code flatten} ({@code true}, or {@code {"prefix": "ctx."}}
 * to prefix every key), {@code stringified} (write values as strings), and for {@code flatten}:
 * {@code reservedKeys} (names the template writes itself; default: the field names of the templates
 * bundled with Log4j and of this project's presets; the keys of {@code
 * EventTemplateAdditionalField}s are always reserved) and {@code collisionPrefix} (default {@code
 * ctx_}, 1-16 chars of {@code [A-Za-z0-9_.@-]}). Names follow the collision and duplicate rules of
 * the project's JSON writer (docs/json-format.md): a flattened field whose name is reserved, or a
 * field whose name an earlier one of this resolver already used, gets the prefix, repeated up to
 * four times, then {@code prefix + name + "_" + n}; names are compared as JsonTemplateLayout writes
 * them (cut at its {@code maxStringLength}, unpaired surrogates as {@code ?}). {@code key} cannot
 * be combined with {@code flatten}; bad options fail when the layout starts, naming the option.
 *
 * <p>The fields are the event's context data: with {@link LogContextThreadContextMap} installed,
 * those are the LogContext fields (including {@code ThreadContext} puts, which are LogContext
 * bindings then).
 */
@Plugin(name = "LogContextResolverFactory", category = TemplateResolverFactory.CATEGORY)
public final class LogContextResolverFactory implements EventResolverFactory {
  private static final LogContextResolverFactory INSTANCE = new LogContextResolverFactory();

  private LogContextResolverFactory() {}

  /** Returns the factory; Log4j's plugin system calls this. */
  @PluginFactory
  public static LogContextResolverFactory getInstance() {
    return INSTANCE;
  }

  /** Returns {@code logContext}, the {@code $resolver} name. */
  @Override
  public String getName() {
    return LogContextResolver.NAME;
  }

  @Override
  public EventResolver create(EventResolverContext context, TemplateResolverConfig config) {
    return LogContextResolver.create(context, config);
  }
}

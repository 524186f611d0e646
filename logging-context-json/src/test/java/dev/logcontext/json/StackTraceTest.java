package dev.logcontext.json;

import static dev.logcontext.json.TestEvent.event;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StackTraceTest {

  private static String render(JsonFormat.Builder format, Throwable t) {
    return Lines.parse(JsonEventWriter.create(format.build()), event().thrown(t))
        .get("stack_trace")
        .asText();
  }

  private static StackTraceElement frame(String cls, String method, int line) {
    return new StackTraceElement(
        cls, method, cls.substring(cls.lastIndexOf('.') + 1) + ".java", line);
  }

  private static final StackTraceElement[] COMMON = {
    frame("com.example.web.Controller", "handle", 10),
    frame("org.springframework.web.Dispatcher", "dispatch", 20),
    frame("java.lang.Thread", "run", 30)
  };

  private static Throwable withTrace(Throwable t, StackTraceElement... own) {
    StackTraceElement[] trace = new StackTraceElement[own.length + COMMON.length];
    System.arraycopy(own, 0, trace, 0, own.length);
    System.arraycopy(COMMON, 0, trace, own.length, COMMON.length);
    t.setStackTrace(trace);
    return t;
  }

  private static Throwable sample() {
    Throwable root =
        withTrace(
            new IllegalStateException("root"),
            frame("com.example.db.Repository", "load", 5),
            frame("com.example.service.OrderService", "find", 6));
    Throwable top =
        withTrace(
            new RuntimeException("top", root),
            frame("com.example.service.OrderService", "place", 7));
    Throwable suppressed =
        withTrace(new IllegalArgumentException("cleanup"), frame("com.example.Closer", "close", 8));
    top.addSuppressed(suppressed);
    return top;
  }

  @Test
  void rendersCausesSuppressedAndCommonFramesLikeTheJdk() {
    assertThat(render(JsonFormat.builder(), sample()))
        .isEqualTo(
            "java.lang.RuntimeException: top\n"
                + "\tat com.example.service.OrderService.place(OrderService.java:7)\n"
                + "\tat com.example.web.Controller.handle(Controller.java:10)\n"
                + "\tat org.springframework.web.Dispatcher.dispatch(Dispatcher.java:20)\n"
                + "\tat java.lang.Thread.run(Thread.java:30)\n"
                + "\tSuppressed: java.lang.IllegalArgumentException: cleanup\n"
                + "\t\tat com.example.Closer.close(Closer.java:8)\n"
                + "\t\t... 3 more\n"
                + "Caused by: java.lang.IllegalStateException: root\n"
                + "\tat com.example.db.Repository.load(Repository.java:5)\n"
                + "\tat com.example.service.OrderService.find(OrderService.java:6)\n"
                + "\t... 3 more\n");
  }

  @Test
  void rootCauseFirstPutsTheCauseOnTop() {
    assertThat(render(JsonFormat.builder().rootCauseFirst(true), sample()))
        .isEqualTo(
            "java.lang.IllegalStateException: root\n"
                + "\tat com.example.db.Repository.load(Repository.java:5)\n"
                + "\tat com.example.service.OrderService.find(OrderService.java:6)\n"
                + "\tat com.example.web.Controller.handle(Controller.java:10)\n"
                + "\tat org.springframework.web.Dispatcher.dispatch(Dispatcher.java:20)\n"
                + "\tat java.lang.Thread.run(Thread.java:30)\n"
                + "Wrapped by: java.lang.RuntimeException: top\n"
                + "\tat com.example.service.OrderService.place(OrderService.java:7)\n"
                + "\t... 3 common frames omitted\n"
                + "\tSuppressed: java.lang.IllegalArgumentException: cleanup\n"
                + "\t\tat com.example.Closer.close(Closer.java:8)\n"
                + "\t\t... 3 more\n");
  }

  @Test
  void excludedFramesAreCounted() {
    String text =
        render(
            JsonFormat.builder()
                .addFrameExclusion("^org\\.springframework\\.")
                .addFrameExclusion("Thread\\.run$"),
            sample());
    assertThat(text)
        .contains(
            "\tat com.example.web.Controller.handle(Controller.java:10)\n\t... 2 frames excluded\n")
        .doesNotContain("Dispatcher");
  }

  @Test
  void depthPerThrowableIsLimited() {
    String text = render(JsonFormat.builder().maxStackDepthPerThrowable(2), sample());
    assertThat(text)
        .startsWith(
            "java.lang.RuntimeException: top\n"
                + "\tat com.example.service.OrderService.place(OrderService.java:7)\n"
                + "\tat com.example.web.Controller.handle(Controller.java:10)\n"
                + "\t... 2 frames truncated\n");
  }

  @Test
  void classNamesAreShortenedLogbackStyle() {
    String text = render(JsonFormat.builder().shortenedClassNameLength(20), sample());
    assertThat(text)
        .startsWith(
            "j.l.RuntimeException: top\n\tat c.e.s.OrderService.place(OrderService.java:7)\n")
        .contains("\tat c.e.web.Controller.handle")
        .contains("\tat java.lang.Thread.run");
  }

  @Test
  void wholeTraceLengthIsLimited() {
    String text = render(JsonFormat.builder().maxStackTraceLength(50), sample());
    assertThat(text).startsWith("java.lang.RuntimeException: top\n\tat com.example.se");
    assertThat(text).matches("(?s).{50}\u2026\\[truncated \\d+ chars\\]");
  }

  @Test
  void circularCausesTerminate() {
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b);
    String text = render(JsonFormat.builder(), a);
    assertThat(text)
        .contains("Caused by: java.lang.RuntimeException: b")
        .contains("[CIRCULAR REFERENCE: java.lang.RuntimeException: a]");
    assertThat(render(JsonFormat.builder().rootCauseFirst(true), a)).contains("Wrapped by:");
  }

  @Test
  void longCauseChainsAreBounded() {
    Throwable t = new RuntimeException("0");
    for (int i = 1; i < 500; i++) {
      t = new RuntimeException(Integer.toString(i), t);
    }
    String text = render(JsonFormat.builder(), t);
    assertThat(text).contains("[further throwables omitted]");
  }

  @Test
  void nativeAndUnknownFramesAreRendered() {
    Throwable t = new RuntimeException("x");
    t.setStackTrace(
        new StackTraceElement[] {
          new StackTraceElement("a.B", "n", null, -2),
          new StackTraceElement("a.B", "u", null, -1),
          new StackTraceElement("a.B", "f", "B.java", -1)
        });
    assertThat(render(JsonFormat.builder(), t))
        .isEqualTo(
            "java.lang.RuntimeException: x\n\tat a.B.n(Native Method)\n\tat a.B.u(Unknown Source)\n\tat a.B.f(B.java)\n");
  }
}

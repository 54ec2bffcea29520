package io.parley.core.message;

import io.parley.core.account.UserStore;
import io.parley.core.delivery.EventBus;
import io.parley.core.delivery.MessageFanout;
import io.parley.core.error.ErrorCode;
import io.parley.core.error.Problem;
import io.parley.core.error.Result;
import io.parley.core.group.GroupStore;
import io.parley.core.group.Member;
import io.parley.core.id.GroupId;
import io.parley.core.id.UserId;
import io.parley.core.message.MessageStore.AppendResult;
import io.parley.core.message.MessageStore.InboxQuery;
import io.parley.core.message.MessageStore.InboxResult;
import io.parley.core.metrics.ParleyMetrics;
import io.parley.core.ratelimit.RateLimiter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Sending and reading messages: validation, authorization, rate limits, durable append, then live
 * fan-out to every connection of every participant (the sender's other devices included).
 */
public final class MessageService {

  private static final Pattern CLIENT_MSG_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

  private final MessageStore store;
  private final UserStore users;
  private final GroupStore groups;
  private final EventBus bus;
  private final RateLimiter limiter;
  private final ParleyMetrics metrics;
  private final MessagingConfig config;
  private final SenderLanes<UserId> lanes = new SenderLanes<>();

  public MessageService(
      MessageStore store,
      UserStore users,
      GroupStore groups,
      EventBus bus,
      RateLimiter limiter,
      ParleyMetrics metrics,
      MessagingConfig config) {
    this.store = store;
    this.users = users;
    this.groups = groups;
    // Live delivery happens as the store commits, in commit order (not when each caller hears).
    store.onStored(new MessageFanout(bus));
    this.bus = bus;
    this.limiter = limiter;
    this.metrics = metrics;
    this.config = config;
  }

  public MessagingConfig config() {
    return config;
  }

  /** Sends {@code content} from {@code sender}; the result is durable when it says Sent. */
  public CompletionStage<SendResult> send(
      UserId sender, Recipient recipient, String content, String clientMsgId) {
    return send(sender, recipient, content, clientMsgId, () -> RateLimiter.ALLOWED);
  }

  /**
   * Like {@link #send(UserId, Recipient, String, String)}, with a limit of the caller's checked
   * first (the gateway's per-IP limit): {@code callerLimit} answers empty to go on, otherwise the
   * send is {@link SendResult.RateLimited} with its wait, and counting that refusal is the caller's
   * business.
   *
   * <p>Everything runs in the sender's lane, the rate limits included: they may answer
   * asynchronously (a limit shared by several nodes is a Redis round trip), in any order, and a
   * sender's sends must still reach the store in the order they were made. The checks keep the
   * order they have always had: the caller's limit, then the content, then the per-user limit.
   */
  public CompletionStage<SendResult> send(
      UserId sender,
      Recipient recipient,
      String content,
      String clientMsgId,
      Supplier<CompletionStage<Optional<Duration>>> callerLimit) {
    return lanes.submit(
        sender,
        () ->
            callerLimit
                .get()
                .thenCompose(
                    wait ->
                        wait.isPresent()
                            ? settled(new SendResult.RateLimited(wait.get()))
                            : checked(sender, recipient, content, clientMsgId)));
  }

  /** Validates the send and takes its per-user token, then looks up and appends. */
  private CompletionStage<CompletionStage<SendResult>> checked(
      UserId sender, Recipient recipient, String content, String clientMsgId) {
    Optional<Problem> invalid = checkContent(content).or(() -> checkClientMsgId(clientMsgId));
    if (invalid.isPresent()) return settled(new SendResult.Rejected(invalid.get()));
    if (recipient instanceof Recipient.ToUser toUser && toUser.user().equals(sender)) {
      return settled(
          new SendResult.Rejected(
              Problem.of(ErrorCode.INVALID_RECIPIENT, "cannot send a message to yourself")));
    }
    return limiter
        .tryAcquire(RateLimiter.Scope.SEND_PER_USER, sender.toString())
        .thenCompose(
            wait -> {
              if (wait.isPresent()) {
                metrics.rateLimited("send");
                return settled(new SendResult.RateLimited(wait.get()));
              }
              if (recipient instanceof Recipient.ToGroup toGroup) {
                return sendToGroup(sender, toGroup.group(), content, clientMsgId);
              }
              UserId receiver = ((Recipient.ToUser) recipient).user();
              return sendToUser(sender, receiver, content, clientMsgId);
            });
  }

  /** A send that ends before reaching the store: nothing to hand over, its outcome is known. */
  private static CompletionStage<CompletionStage<SendResult>> settled(SendResult outcome) {
    return CompletableFuture.completedFuture(CompletableFuture.completedFuture(outcome));
  }

  /** A 1:1 message; the outer stage completes once the write is handed to the store. */
  private CompletionStage<CompletionStage<SendResult>> sendToUser(
      UserId sender, UserId receiver, String content, String clientMsgId) {
    return users
        .findById(receiver)
        .thenApply(
            found -> {
              if (found.isEmpty()) {
                return rejected(Problem.of(ErrorCode.USER_NOT_FOUND, "no user " + receiver));
              }
              var message =
                  new MessageStore.NewMessage(
                      ConversationId.direct(sender, receiver),
                      sender,
                      receiver,
                      null,
                      content,
                      clientMsgId,
                      Set.of(sender, receiver));
              return store.append(message).thenApply(this::outcome);
            });
  }

  /**
   * A group message. The membership check here (against a possibly cached group) only answers
   * early; the store checks again at the write, which is what decides. The outer stage completes
   * once the write is handed to the store.
   */
  private CompletionStage<CompletionStage<SendResult>> sendToGroup(
      UserId sender, GroupId group, String content, String clientMsgId) {
    return groups
        .group(group)
        .thenApply(
            found -> {
              if (found.isEmpty())
                return rejected(Problem.of(ErrorCode.NOT_FOUND, "no such group"));
              if (!found.get().isMember(sender)) return rejected(notMember());
              return store
                  .append(MessageStore.NewMessage.toGroup(group, sender, content, clientMsgId))
                  .thenApply(this::outcome);
            });
  }

  private SendResult outcome(AppendResult result) {
    if (result instanceof AppendResult.Appended appended) {
      metrics.messageSent();
      return new SendResult.Sent(appended.message(), false);
    }
    if (result instanceof AppendResult.NotMember) return new SendResult.Rejected(notMember());
    metrics.duplicateSend();
    return new SendResult.Sent(result.message(), true);
  }

  private static Problem notMember() {
    return Problem.of(ErrorCode.NOT_MEMBER, "you are not a member of this group");
  }

  /**
   * {@code owner}'s history across all conversations, oldest first, read by {@code requester} (who
   * must be the owner).
   */
  public CompletionStage<Result<MessageStore.InboxResult.Page>> inbox(
      UserId requester, UserId owner, String after, long sinceMillis, Integer limit) {
    if (!requester.equals(owner)) {
      return fail(Problem.of(ErrorCode.FORBIDDEN, "you may only read your own history"));
    }
    Optional<Integer> size = pageSize(limit);
    if (size.isEmpty()) return fail(invalidLimit());
    if (sinceMillis < 0) return fail(Problem.of(ErrorCode.INVALID_CURSOR, "since must be >= 0"));
    return store
        .inbox(owner, new InboxQuery(after, sinceMillis, size.get()))
        .thenApply(
            result ->
                result instanceof InboxResult.Page page
                    ? Result.ok(page)
                    : Result.failed(Problem.of(ErrorCode.INVALID_CURSOR, "unknown cursor")));
  }

  /** The conversations {@code user} takes part in, most recent first. */
  public CompletionStage<List<ConversationSummary>> conversations(UserId user) {
    return store.conversations(user);
  }

  /**
   * One conversation newest first, for scrolling back. Only participants may read it; a group
   * member sees the group's history from their joining on.
   */
  public CompletionStage<Result<MessageStore.HistoryPage>> history(
      UserId requester, ConversationId conversation, long beforeSeq, Integer limit) {
    Optional<Integer> size = pageSize(limit);
    if (size.isEmpty()) return fail(invalidLimit());
    if (beforeSeq < 1) return fail(Problem.of(ErrorCode.INVALID_CURSOR, "before must be >= 1"));
    if (conversation instanceof ConversationId.Direct direct) {
      if (!direct.involves(requester)) return fail(notInConversation());
      return store.history(conversation, beforeSeq, size.get()).thenApply(Result::ok);
    }
    GroupId group = ((ConversationId.Group) conversation).id();
    return groups
        .group(group)
        .thenCompose(
            found -> {
              Optional<Member> member = found.flatMap(g -> g.member(requester));
              if (member.isEmpty()) return fail(notInConversation());
              long fromSeq = member.get().fromSeq();
              return store
                  .history(conversation, beforeSeq, size.get())
                  .thenApply(page -> Result.ok(visibleFrom(page, fromSeq)));
            });
  }

  /** Cuts a newest-first page at the first position a member may see. */
  static MessageStore.HistoryPage visibleFrom(MessageStore.HistoryPage page, long fromSeq) {
    List<Message> visible = page.messages().stream().filter(m -> m.seq() >= fromSeq).toList();
    boolean more = page.hasMore() && visible.size() == page.messages().size();
    if (!visible.isEmpty() && visible.get(visible.size() - 1).seq() <= fromSeq) more = false;
    return new MessageStore.HistoryPage(visible, more);
  }

  private static Problem notInConversation() {
    return Problem.of(ErrorCode.FORBIDDEN, "you are not in this conversation");
  }

  private Optional<Integer> pageSize(Integer limit) {
    if (limit == null) return Optional.of(config.defaultPageSize());
    if (limit < 1 || limit > config.maxPageSize()) return Optional.empty();
    return Optional.of(limit);
  }

  private Problem invalidLimit() {
    return Problem.of(
        ErrorCode.INVALID_CURSOR, "limit must be between 1 and " + config.maxPageSize());
  }

  Optional<Problem> checkContent(String content) {
    if (content == null || content.isBlank())
      return Optional.of(Problem.of(ErrorCode.CONTENT_EMPTY));
    // Cheap bound first: a UTF-8 encoding is at most 3 bytes per UTF-16 char.
    if ((long) content.length() * 3 > config.maxContentBytes()
        && content.getBytes(StandardCharsets.UTF_8).length > config.maxContentBytes()) {
      return Optional.of(
          Problem.of(
              ErrorCode.CONTENT_TOO_LARGE,
              "content exceeds " + config.maxContentBytes() + " bytes of UTF-8"));
    }
    return Optional.empty();
  }

  static Optional<Problem> checkClientMsgId(String clientMsgId) {
    if (clientMsgId != null && !CLIENT_MSG_ID.matcher(clientMsgId).matches()) {
      return Optional.of(
          Problem.of(
              ErrorCode.INVALID_FIELD,
              "client_msg_id must be 1-64 characters of A-Z a-z 0-9 _ . : -"));
    }
    return Optional.empty();
  }

  private static CompletionStage<SendResult> rejected(Problem problem) {
    return CompletableFuture.completedFuture(new SendResult.Rejected(problem));
  }

  private static <T> CompletionStage<Result<T>> fail(Problem problem) {
    return CompletableFuture.completedFuture(Result.failed(problem));
  }
}

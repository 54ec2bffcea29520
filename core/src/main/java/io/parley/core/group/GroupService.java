package io.parley.core.group;

import io.parley.core.account.User;
import io.parley.core.account.UserStore;
import io.parley.core.error.ErrorCode;
import io.parley.core.error.Problem;
import io.parley.core.error.Result;
import io.parley.core.group.GroupStore.Announcement;
import io.parley.core.group.GroupStore.UpdateResult;
import io.parley.core.id.GroupId;
import io.parley.core.id.UserId;
import io.parley.core.message.SystemEvent;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Groups: creation, membership (add, remove, join by invite, leave), roles, renaming, invites.
 * Every change is announced by a system message in the group's history, which the store pushes
 * live to everyone who was or now is a member (see {@link io.parley.core.delivery.MessageFanout}). Concurrent changes are serialized by the store's
 * compare-and-set on the group's version; a change that loses the race is recomputed from the
 * fresh group, so the member cap holds under concurrent joins.
 */
public final class GroupService {

  private static final int MAX_ATTEMPTS = 64;

  private final GroupStore groups;
  private final UserStore users;
  private final Clock clock;
  private final GroupConfig config;
  private final SecureRandom random = new SecureRandom();

  public GroupService(
      GroupStore groups, UserStore users, Clock clock, GroupConfig config) {
    this.groups = groups;
    this.users = users;
    this.clock = clock;
    this.config = config;
  }

  public GroupConfig config() {
    return config;
  }

  /** Creates a group; the creator becomes a member and its admin. */
  public CompletionStage<Result<Group>> create(
      UserId creator, String name, Collection<UserId> memberIds) {
    Optional<Problem> invalid = checkName(name);
    if (invalid.isPresent()) return failed(invalid.get());
    Set<UserId> all = new LinkedHashSet<>();
    all.add(creator);
    all.addAll(memberIds);
    if (all.size() > config.maxMembers()) return failed(full());
    return existing(all)
        .thenCompose(
            found -> {
              Optional<Problem> missing = missing(all, found);
              if (missing.isPresent()) return failed(missing.get());
              Map<UserId, Role> roles = new LinkedHashMap<>();
              for (UserId id : all) roles.put(id, id.equals(creator) ? Role.ADMIN : Role.MEMBER);
              String text = name(found, creator) + " created the group \"" + name.strip() + "\"";
              var event =
                  new SystemEvent(
                      SystemEvent.Type.CREATED, creator, List.copyOf(memberIds), name.strip());
              return groups
                  .create(
                      new GroupStore.NewGroup(name.strip(), creator, clock.millis(), roles),
                      new Announcement(text, event))
                  .thenApply(changed -> Result.ok(changed.group()));
            });
  }

  /** The group, for one of its members. */
  public CompletionStage<Result<Group>> get(UserId requester, GroupId id) {
    return groups.group(id).thenApply(found -> visible(requester, found));
  }

  /** The groups {@code user} belongs to. */
  public CompletionStage<List<Group>> groupsOf(UserId user) {
    return groups.groupsOf(user);
  }

  /** Admins add members. Users already in the group are skipped. */
  public CompletionStage<Result<Group>> add(UserId actor, GroupId id, Collection<UserId> added) {
    if (added.isEmpty()) {
      return failed(Problem.of(ErrorCode.INVALID_FIELD, "user_ids must not be empty"));
    }
    Set<UserId> wanted = new LinkedHashSet<>(added);
    Set<UserId> lookup = new LinkedHashSet<>(wanted);
    lookup.add(actor);
    return existing(lookup)
        .thenCompose(
            found -> {
              Optional<Problem> missing = missing(wanted, found);
              if (missing.isPresent()) return failed(missing.get());
              return change(
                  id,
                  group -> {
                    Optional<Problem> denied = requireAdmin(group, actor);
                    if (denied.isPresent()) return Plan.refuse(denied.get());
                    List<UserId> fresh = wanted.stream().filter(u -> !group.isMember(u)).toList();
                    if (fresh.isEmpty()) return Plan.nothing();
                    if (group.size() + fresh.size() > config.maxMembers()) return Plan.refuse(full());
                    Map<UserId, Member> members = new LinkedHashMap<>(group.members());
                    for (UserId u : fresh) members.put(u, newMember(u));
                    return Plan.of(
                        group.next(group.name(), members),
                        new SystemEvent(SystemEvent.Type.ADDED, actor, fresh, null),
                        name(found, actor) + " added " + names(found, fresh));
                  });
            });
  }

  /** Admins remove a member; a member removing themselves leaves. */
  public CompletionStage<Result<Group>> remove(UserId actor, GroupId id, UserId removed) {
    if (actor.equals(removed)) return leave(actor, id);
    return users
        .findAll(List.of(actor, removed))
        .thenCompose(
            found ->
                change(
                    id,
                    group -> {
                      Optional<Problem> denied = requireAdmin(group, actor);
                      if (denied.isPresent()) return Plan.refuse(denied.get());
                      if (!group.isMember(removed)) {
                        return Plan.refuse(
                            Problem.of(ErrorCode.NOT_MEMBER, removed + " is not a member"));
                      }
                      Map<UserId, Member> members = new LinkedHashMap<>(group.members());
                      members.remove(removed);
                      return Plan.of(
                          group.next(group.name(), members),
                          new SystemEvent(SystemEvent.Type.REMOVED, actor, List.of(removed), null),
                          name(found, actor) + " removed " + name(found, removed));
                    }));
  }

  /** A member leaves. If the last admin leaves, the longest-standing member becomes admin. */
  public CompletionStage<Result<Group>> leave(UserId user, GroupId id) {
    return users
        .findAll(List.of(user))
        .thenCompose(
            found ->
                change(
                    id,
                    group -> {
                      if (!group.isMember(user)) return Plan.refuse(notMember());
                      Map<UserId, Member> members = new LinkedHashMap<>(group.members());
                      members.remove(user);
                      if (members.values().stream().noneMatch(Member::isAdmin)) {
                        members.values().stream()
                            .min((a, b) -> Long.compare(a.fromSeq(), b.fromSeq()))
                            .ifPresent(m -> members.put(m.user(), m.withRole(Role.ADMIN)));
                      }
                      return Plan.of(
                          group.next(group.name(), members),
                          new SystemEvent(SystemEvent.Type.LEFT, user, List.of(user), null),
                          name(found, user) + " left");
                    }));
  }

  /** Admins make a member an admin, or an admin a member again (a group keeps one admin). */
  public CompletionStage<Result<Group>> setRole(
      UserId actor, GroupId id, UserId target, Role role) {
    return users
        .findAll(List.of(actor, target))
        .thenCompose(
            found ->
                change(
                    id,
                    group -> {
                      Optional<Problem> denied = requireAdmin(group, actor);
                      if (denied.isPresent()) return Plan.refuse(denied.get());
                      Member member = group.members().get(target);
                      if (member == null) {
                        return Plan.refuse(
                            Problem.of(ErrorCode.NOT_MEMBER, target + " is not a member"));
                      }
                      if (member.role() == role) return Plan.nothing();
                      long admins = group.members().values().stream().filter(Member::isAdmin).count();
                      if (role == Role.MEMBER && admins <= 1) {
                        return Plan.refuse(Problem.of(ErrorCode.LAST_ADMIN));
                      }
                      Map<UserId, Member> members = new LinkedHashMap<>(group.members());
                      members.put(target, member.withRole(role));
                      boolean promoted = role == Role.ADMIN;
                      return Plan.of(
                          group.next(group.name(), members),
                          new SystemEvent(
                              promoted ? SystemEvent.Type.PROMOTED : SystemEvent.Type.DEMOTED,
                              actor,
                              List.of(target),
                              null),
                          name(found, actor)
                              + (promoted ? " made " : " removed admin rights of ")
                              + name(found, target)
                              + (promoted ? " an admin" : ""));
                    }));
  }

  /** Admins rename the group. */
  public CompletionStage<Result<Group>> rename(UserId actor, GroupId id, String newName) {
    Optional<Problem> invalid = checkName(newName);
    if (invalid.isPresent()) return failed(invalid.get());
    String name = newName.strip();
    return users
        .findAll(List.of(actor))
        .thenCompose(
            found ->
                change(
                    id,
                    group -> {
                      Optional<Problem> denied = requireAdmin(group, actor);
                      if (denied.isPresent()) return Plan.refuse(denied.get());
                      if (group.name().equals(name)) return Plan.nothing();
                      return Plan.of(
                          group.next(name, group.members()),
                          new SystemEvent(SystemEvent.Type.RENAMED, actor, List.of(), name),
                          name(found, actor) + " renamed the group to \"" + name + "\"");
                    }));
  }

  /** Admins create an invite code. */
  public CompletionStage<Result<Invite>> createInvite(UserId actor, GroupId id) {
    return groups
        .group(id)
        .thenCompose(
            found -> {
              Result<Group> group = visible(actor, found);
              if (group instanceof Result.Failed<Group> f) return failed(f.problem());
              Optional<Problem> denied = requireAdmin(((Result.Ok<Group>) group).value(), actor);
              if (denied.isPresent()) return failed(denied.get());
              byte[] bytes = new byte[12];
              random.nextBytes(bytes);
              String code = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
              Invite invite = new Invite(code, id, actor, clock.millis());
              return groups.saveInvite(invite).thenApply(ignored -> Result.ok(invite));
            });
  }

  /** The group's live invites, for its admins. */
  public CompletionStage<Result<List<Invite>>> invites(UserId actor, GroupId id) {
    return groups
        .group(id)
        .thenCompose(
            found -> {
              Result<Group> group = visible(actor, found);
              if (group instanceof Result.Failed<Group> f) return failed(f.problem());
              Optional<Problem> denied = requireAdmin(((Result.Ok<Group>) group).value(), actor);
              if (denied.isPresent()) return failed(denied.get());
              return groups.invites(id).thenApply(Result::ok);
            });
  }

  /** Admins revoke an invite code of their group. */
  public CompletionStage<Result<Void>> revokeInvite(UserId actor, String code) {
    return groups
        .invite(code)
        .thenCompose(
            invite -> {
              if (invite.isEmpty()) return failed(Problem.of(ErrorCode.INVITE_NOT_FOUND));
              return groups
                  .group(invite.get().group())
                  .thenCompose(
                      found -> {
                        if (found.isEmpty() || !found.get().isAdmin(actor)) {
                          return failed(Problem.of(ErrorCode.NOT_ADMIN));
                        }
                        return groups.revokeInvite(code).thenApply(ignored -> Result.ok(null));
                      });
            });
  }

  /** Joins the group of an invite code. Joining a group one is in already changes nothing. */
  public CompletionStage<Result<Group>> join(UserId user, String code) {
    return groups
        .invite(code == null ? "" : code)
        .thenCompose(
            invite -> {
              if (invite.isEmpty()) return failed(Problem.of(ErrorCode.INVITE_NOT_FOUND));
              return users
                  .findAll(List.of(user))
                  .thenCompose(
                      found ->
                          change(
                              invite.get().group(),
                              group -> {
                                if (group.isMember(user)) return Plan.nothing();
                                if (group.size() + 1 > config.maxMembers()) {
                                  return Plan.refuse(full());
                                }
                                Map<UserId, Member> members =
                                    new LinkedHashMap<>(group.members());
                                members.put(user, newMember(user));
                                return Plan.of(
                                    group.next(group.name(), members),
                                    new SystemEvent(
                                        SystemEvent.Type.JOINED, user, List.of(user), null),
                                    name(found, user) + " joined with an invite link");
                              }));
            });
  }

  // --- the compare-and-set loop ---------------------------------------------------------------

  /** What to do with the current group: nothing, refuse, or store this next state. */
  private record Plan(Group next, SystemEvent event, String text, Problem refusal) {
    static Plan of(Group next, SystemEvent event, String text) {
      return new Plan(next, event, text, null);
    }

    static Plan refuse(Problem problem) {
      return new Plan(null, null, null, problem);
    }

    static Plan nothing() {
      return new Plan(null, null, null, null);
    }
  }

  private CompletionStage<Result<Group>> change(GroupId id, Function<Group, Plan> planner) {
    return attempt(id, planner, 1);
  }

  private CompletionStage<Result<Group>> attempt(
      GroupId id, Function<Group, Plan> planner, int attempt) {
    return groups
        .group(id)
        .thenCompose(
            found -> {
              if (found.isEmpty()) return failed(Problem.of(ErrorCode.NOT_FOUND, "no such group"));
              Group group = found.get();
              Plan plan = planner.apply(group);
              if (plan.refusal() != null) return failed(plan.refusal());
              if (plan.next() == null) return done(group);
              return groups
                  .update(plan.next(), new Announcement(plan.text(), plan.event()))
                  .thenCompose(
                      result -> {
                        if (result instanceof UpdateResult.Updated updated) {
                          return done(updated.change().group());
                        }
                        if (result instanceof UpdateResult.NotFound) {
                          return failed(Problem.of(ErrorCode.NOT_FOUND, "no such group"));
                        }
                        if (attempt >= MAX_ATTEMPTS) {
                          return failed(
                              Problem.of(ErrorCode.UNAVAILABLE, "the group is too busy; retry"));
                        }
                        return attempt(id, planner, attempt + 1);
                      });
            });
  }

  // --- rules and helpers ----------------------------------------------------------------------

  /** Non-members learn nothing about a group, not even that it exists. */
  private static Result<Group> visible(UserId requester, Optional<Group> found) {
    if (found.isEmpty() || !found.get().isMember(requester)) {
      return Result.failed(Problem.of(ErrorCode.NOT_FOUND, "no such group"));
    }
    return Result.ok(found.get());
  }

  private static Optional<Problem> requireAdmin(Group group, UserId actor) {
    if (!group.isMember(actor)) return Optional.of(notMember());
    if (!group.isAdmin(actor)) return Optional.of(Problem.of(ErrorCode.NOT_ADMIN));
    return Optional.empty();
  }

  static Optional<Problem> checkName(String name) {
    if (name == null || name.isBlank() || name.strip().length() > GroupConfig.MAX_NAME_LENGTH) {
      return Optional.of(Problem.of(ErrorCode.INVALID_GROUP_NAME));
    }
    return Optional.empty();
  }

  private Member newMember(UserId user) {
    return new Member(user, Role.MEMBER, clock.millis(), 0); // the store sets fromSeq
  }

  private Problem full() {
    return Problem.of(
        ErrorCode.GROUP_FULL, "a group has at most " + config.maxMembers() + " members");
  }

  private static Problem notMember() {
    return Problem.of(ErrorCode.NOT_MEMBER, "you are not a member of this group");
  }

  private CompletionStage<Map<UserId, User>> existing(Set<UserId> ids) {
    return users.findAll(ids);
  }

  private static Optional<Problem> missing(Set<UserId> wanted, Map<UserId, User> found) {
    List<String> unknown = new ArrayList<>();
    for (UserId id : wanted) if (!found.containsKey(id)) unknown.add(id.toString());
    if (unknown.isEmpty()) return Optional.empty();
    return Optional.of(
        Problem.of(ErrorCode.USER_NOT_FOUND, "no such user: " + String.join(", ", unknown)));
  }

  private static String name(Map<UserId, User> users, UserId id) {
    User user = users.get(id);
    return user == null ? id.toString() : user.username();
  }

  private static String names(Map<UserId, User> users, List<UserId> ids) {
    List<String> names = ids.stream().map(id -> name(users, id)).toList();
    if (names.size() <= 3) return String.join(", ", names);
    return String.join(", ", names.subList(0, 3)) + " and " + (names.size() - 3) + " others";
  }

  private static <T> CompletionStage<Result<T>> failed(Problem problem) {
    return CompletableFuture.completedFuture(Result.failed(problem));
  }

  private static CompletionStage<Result<Group>> done(Group group) {
    return CompletableFuture.completedFuture(Result.ok(group));
  }
}

package io.parley.store.rocksdb;

import static io.parley.store.rocksdb.Values.V1;
import static io.parley.store.rocksdb.Values.getString;
import static io.parley.store.rocksdb.Values.putBytes;
import static io.parley.store.rocksdb.Values.size;
import static io.parley.store.rocksdb.Values.utf8;
import static io.parley.store.rocksdb.Values.versioned;

import io.parley.core.group.Group;
import io.parley.core.group.Invite;
import io.parley.core.group.Member;
import io.parley.core.group.Role;
import io.parley.core.id.GroupId;
import io.parley.core.id.UserId;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Value layouts of groups and invites, in the conventions of {@link Values}.
 *
 * <pre>
 * group     = v1 name created-by created-at version member-count
 *             (user role(0=member 1=admin) joined-at from-seq)*
 * invite    = v1 group created-by created-at                (the key is the code)
 * marker    = v1                                            (user_groups, group_invites)
 * </pre>
 */
final class GroupValues {

  static final byte[] PRESENT = {V1};

  private static final int MEMBER_SIZE = 8 + 1 + 8 + 8;

  private GroupValues() {}

  static byte[] group(Group group) {
    byte[] name = utf8(group.name());
    ByteBuffer out =
        ByteBuffer.allocate(1 + size(name) + 8 + 8 + 8 + 4 + MEMBER_SIZE * group.size());
    out.put(V1);
    putBytes(out, name);
    out.putLong(group.createdBy().value()).putLong(group.createdAt()).putLong(group.version());
    out.putInt(group.size());
    for (Member member : group.members().values()) {
      out.putLong(member.user().value())
          .put((byte) (member.isAdmin() ? 1 : 0))
          .putLong(member.joinedAt())
          .putLong(member.fromSeq());
    }
    return out.array();
  }

  static Group group(long id, byte[] value) {
    ByteBuffer in = versioned(value);
    String name = getString(in);
    UserId createdBy = UserId.of(in.getLong());
    long createdAt = in.getLong();
    long version = in.getLong();
    int count = in.getInt();
    Map<UserId, Member> members = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      UserId user = UserId.of(in.getLong());
      Role role = in.get() == 1 ? Role.ADMIN : Role.MEMBER;
      members.put(user, new Member(user, role, in.getLong(), in.getLong()));
    }
    return new Group(GroupId.of(id), name, createdBy, createdAt, version, members);
  }

  static byte[] invite(Invite invite) {
    return ByteBuffer.allocate(25)
        .put(V1)
        .putLong(invite.group().value())
        .putLong(invite.createdBy().value())
        .putLong(invite.createdAt())
        .array();
  }

  static Invite invite(String code, byte[] value) {
    ByteBuffer in = versioned(value);
    return new Invite(code, GroupId.of(in.getLong()), UserId.of(in.getLong()), in.getLong());
  }
}

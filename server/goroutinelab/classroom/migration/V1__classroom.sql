-- The classroom's tables (docs/classroom.md says what each keeps and for how long).
-- Written in the SQL that H2 and PostgreSQL share; times are epoch milliseconds.

-- A live class: one lesson, driven by whoever holds the key (only its SHA-256 is kept).
CREATE TABLE rooms (
    code        VARCHAR(16)  PRIMARY KEY,
    key_hash    VARCHAR(64)  NOT NULL,
    lesson      VARCHAR(200) NOT NULL,
    position    VARCHAR      NOT NULL,   -- the instructor's current position, as JSON
    seq         BIGINT       NOT NULL,   -- counts the room's changes; clients drop older ones
    quiz        INTEGER,                 -- the script step whose quiz is current, or null
    quiz_state  VARCHAR(10),             -- open, closed or revealed
    created_at  BIGINT       NOT NULL,
    active_at   BIGINT       NOT NULL
);

-- The browsers that joined a room (an identity is the SHA-256 of a browser's own random token).
CREATE TABLE room_students (
    room       VARCHAR(16) NOT NULL REFERENCES rooms (code) ON DELETE CASCADE,
    student    VARCHAR(64) NOT NULL,
    joined_at  BIGINT      NOT NULL,
    PRIMARY KEY (room, student)
);

-- A student's first answer to each quiz of a room.
CREATE TABLE answers (
    room      VARCHAR(16) NOT NULL REFERENCES rooms (code) ON DELETE CASCADE,
    quiz      INTEGER     NOT NULL,
    student   VARCHAR(64) NOT NULL,
    choice    INTEGER     NOT NULL,
    at        BIGINT      NOT NULL,
    PRIMARY KEY (room, quiz, student)
);

-- Coursework: a list of lessons with a due date.
CREATE TABLE assignments (
    id          VARCHAR(16)  PRIMARY KEY,
    key_hash    VARCHAR(64)  NOT NULL,
    title       VARCHAR(200) NOT NULL,
    class_name  VARCHAR(200),
    lessons     VARCHAR      NOT NULL,   -- lesson ids, comma-separated, in order
    due         VARCHAR(10)  NOT NULL,   -- YYYY-MM-DD
    created_at  BIGINT       NOT NULL
);

CREATE TABLE assignment_students (
    assignment  VARCHAR(16) NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
    student     VARCHAR(64) NOT NULL,
    name        VARCHAR(64) NOT NULL,
    joined_at   BIGINT      NOT NULL,
    PRIMARY KEY (assignment, student)
);

-- A student's first prediction at each quiz of each lesson.
CREATE TABLE predictions (
    assignment  VARCHAR(16)  NOT NULL,
    student     VARCHAR(64)  NOT NULL,
    lesson      VARCHAR(200) NOT NULL,
    quiz        INTEGER      NOT NULL,
    choice      INTEGER      NOT NULL,
    at          BIGINT       NOT NULL,
    PRIMARY KEY (assignment, student, lesson, quiz),
    FOREIGN KEY (assignment, student) REFERENCES assignment_students (assignment, student) ON DELETE CASCADE
);

CREATE TABLE completions (
    assignment  VARCHAR(16)  NOT NULL,
    student     VARCHAR(64)  NOT NULL,
    lesson      VARCHAR(200) NOT NULL,
    at          BIGINT       NOT NULL,
    PRIMARY KEY (assignment, student, lesson),
    FOREIGN KEY (assignment, student) REFERENCES assignment_students (assignment, student) ON DELETE CASCADE
);

CREATE INDEX rooms_active ON rooms (active_at);

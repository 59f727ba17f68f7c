// One file per screen or area, so each can be translated and reviewed on its own.
import ai from "./ai.json";
import audit from "./audit.json";
import auth from "./auth.json";
import developers from "./developers.json";
import errors from "./errors.json";
import inbox from "./inbox.json";
import notifications from "./notifications.json";
import profile from "./profile.json";
import settings from "./settings.json";
import validation from "./validation.json";

export default { ai, audit, auth, developers, errors, inbox, notifications, profile, settings, validation };

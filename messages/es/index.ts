// One file per screen or area, so each can be translated and reviewed on its own.
import auth from "./auth.json";
import errors from "./errors.json";
import inbox from "./inbox.json";
import notifications from "./notifications.json";
import profile from "./profile.json";
import validation from "./validation.json";

export default { auth, errors, inbox, notifications, profile, validation };

// One file per screen or area, so each can be translated and reviewed on its own.
import auth from "./auth.json";
import errors from "./errors.json";
import exports from "./exports.json";
import profile from "./profile.json";
import validation from "./validation.json";

export default { auth, errors, exports, profile, validation };

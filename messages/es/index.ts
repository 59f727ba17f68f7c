// One file per screen or area, so each can be translated and reviewed on its own.
import auth from "./auth.json";
import broadcasts from "./broadcasts.json";
import common from "./common.json";
import errors from "./errors.json";
import profile from "./profile.json";
import shell from "./shell.json";
import templates from "./templates.json";
import validation from "./validation.json";

export default { auth, broadcasts, common, errors, profile, shell, templates, validation };

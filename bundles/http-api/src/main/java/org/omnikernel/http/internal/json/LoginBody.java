package org.omnikernel.http.internal.json;

/**
 * {@code POST /api/session}.
 *
 * @param user     the user name
 * @param password the password
 */
public record LoginBody(String user, String password) {

    /**
     * @return this, once both fields are present
     * @throws BadRequest naming the missing one
     */
    public LoginBody checked() throws BadRequest {
        if (user == null || user.isEmpty()) {
            throw new BadRequest("user", "user is missing");
        }
        if (password == null) {
            throw new BadRequest("password", "password is missing");
        }
        return this;
    }

    /** Never shows the password (records print their components). */
    @Override
    public String toString() {
        return "LoginBody[user=" + user + "]";
    }
}

import { verifyToken } from './jwt';
import { Caller } from './roles';
import { TokenVerifier } from './token-verifier';

/** Embedded mode: HS256 tokens `cli token` signs with the data directory's secret (or JWT_SECRET). */
export class EmbeddedTokenVerifier extends TokenVerifier {
  constructor(private readonly secret: string) {
    super();
  }

  // Synchronous underneath, with its verdict cache: the promise is the port's shape, not a wait.
  verify(token: string): Promise<Caller> {
    try {
      return Promise.resolve(verifyToken(this.secret, token));
    } catch (error) {
      return Promise.reject(error);
    }
  }
}

// TEST DOUBLE (part of the stand-in AWS provider): what a resource handler of the stand-in answers
// for one resource type, through the EC2 API of the moto emulator. A new resource type is one
// handler in resources/ and one line in resources/index.ts.

export type Props = Record<string, any>;

export interface ResourceHandler {
  /** The type token (from `awsTypes`) the handler manages. */
  readonly type: string;
  /** The resource as the provider names it in its errors ("EC2 Network Interface"). */
  readonly name: string;
  create(inputs: Props, logicalName: string): Promise<{ id: string; outs: Props }>;
  /** The resource as EC2 reports it, or undefined when it no longer exists. */
  read(id: string, olds: Props): Promise<Props | undefined>;
  update(id: string, olds: Props, news: Props): Promise<Props>;
  delete(id: string, olds: Props): Promise<void>;
}

/** The update of a resource whose every input forces a replacement: the engine never calls it. */
export const noInPlaceUpdate = (type: string) => (_id: string, _olds: Props, news: Props) =>
  Promise.reject(new Error(`${type} has no in-place update (${JSON.stringify(news)})`));
